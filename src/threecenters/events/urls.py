from django.urls import path

from threecenters.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/mine/", views.mine, name="mine"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/signup/", views.signup, name="signup"),
    path("events/<int:pk>/calendar.ics", views.event_ics, name="ics"),
    path("events/<int:pk>/photos/", views.gallery, name="gallery"),
    path("events/<int:pk>/photos/upload/", views.photo_upload, name="photo-upload"),
    path("events/registrations/<str:token>/cancel/", views.cancel, name="cancel"),
    path("events/<int:pk>/booths/", views.booth_book, name="booth-book"),
    path("events/booths/<str:token>/cancel/", views.booth_cancel, name="booth-cancel"),
    path("communities/<slug:slug>/events.ics", views.community_ics, name="community-ics"),
    path("communities/<slug:slug>/photos/", views.community_gallery, name="community-gallery"),
    path("staff/events/", views.staff_list, name="staff-list"),
    path("staff/events/new/", views.staff_edit, name="staff-new"),
    path("staff/events/approvals/", views.staff_approvals, name="staff-approvals"),
    path("staff/events/photos/", views.staff_photo_queue, name="staff-photo-queue"),
    path("staff/events/series/new/", views.staff_series_new, name="staff-series-new"),
    path("staff/events/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/events/<int:pk>/edit/", views.staff_edit, name="staff-edit"),
    path("staff/events/<int:pk>/action/", views.staff_action, name="staff-action"),
    path(
        "staff/events/<int:pk>/registrations/<int:rid>/",
        views.staff_registration,
        name="staff-registration",
    ),
    path("staff/events/<int:pk>/checkin/", views.staff_checkin, name="staff-checkin"),
    path("staff/events/<int:pk>/walk-in/", views.staff_walk_in, name="staff-walk-in"),
    path("staff/events/<int:pk>/attendance.xlsx", views.staff_export, name="staff-export"),
    path("staff/events/<int:pk>/report/", views.staff_report, name="staff-report"),
    path("staff/events/<int:pk>/photos/", views.staff_photos, name="staff-photos"),
    path("staff/events/<int:pk>/completion/", views.staff_completion, name="staff-completion"),
]
