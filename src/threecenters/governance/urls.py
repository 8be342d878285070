from django.urls import path

from threecenters.governance import views

app_name = "governance"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/print/", views.case_print, name="case-print"),
    path("cases/<int:pk>/versions/<int:number>/", views.case_version, name="case-version"),
    path("cases/staff/", views.staff_cases, name="staff-cases"),
    path("cases/staff/new/", views.staff_case_edit, name="staff-case-new"),
    path("cases/staff/<int:pk>/", views.staff_case_edit, name="staff-case-edit"),
    path("cases/staff/<int:pk>/submit/", views.staff_case_submit, name="staff-case-submit"),
    path("cases/staff/<int:pk>/publish/", views.staff_case_publish, name="staff-case-publish"),
    path("cases/staff/<int:pk>/return/", views.staff_case_return, name="staff-case-return"),
    path("cases/staff/<int:pk>/archive/", views.staff_case_archive, name="staff-case-archive"),
    path("cases/staff/<int:pk>/spread/new/", views.staff_adoption_new, name="staff-adoption-new"),
    path("cases/staff/sessions/new/", views.staff_session_new, name="staff-session-new"),
]
