from django.urls import path

from threecenters.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("centers/<int:pk>/", views.center_detail, name="center"),
    path("communities/<slug:slug>/", views.community_detail, name="community"),
    path("news/", views.news_list, name="news"),
    path("news/<int:pk>/", views.news_detail, name="news-detail"),
    path("prefs/elder/", views.elder_toggle, name="elder-toggle"),
    path("accounts/signout/", views.sign_out, name="signout"),
    path("mine/", views.mine, name="mine"),
    path("files/<str:key>/<int:pk>/<str:signature>", views.uploaded_file, name="file"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("staff/", views.workspace, name="workspace"),
    path("staff/news/", views.staff_news, name="staff-news"),
    path("staff/news/new/", views.staff_news_edit, name="staff-news-new"),
    path("staff/news/<int:pk>/edit/", views.staff_news_edit, name="staff-news-edit"),
    path("staff/centers/<int:pk>/edit/", views.staff_center_edit, name="staff-center-edit"),
    path("staff/organisations/", views.staff_organisations, name="staff-organisations"),
    path("staff/organisations/new/", views.staff_organisation_edit, name="staff-organisation-new"),
    path(
        "staff/organisations/<int:pk>/edit/",
        views.staff_organisation_edit,
        name="staff-organisation-edit",
    ),
    path("staff/tasks/", views.staff_task_failures, name="staff-task-failures"),
]
