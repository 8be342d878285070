from django.urls import path

from threecenters.notify import views

app_name = "notify"

urlpatterns = [
    path("me/inbox/", views.inbox, name="inbox"),
    path("me/inbox/read/", views.mark_read, name="mark-read"),
    path("staff/sms/", views.staff_sms_log, name="staff-sms-log"),
]
