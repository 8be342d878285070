from django.urls import path

from threecenters.certificates import views

app_name = "certificates"

urlpatterns = [
    path("me/certificates/", views.mine, name="mine"),
    path("certificates/<str:token>/", views.verify, name="verify"),
    path("certificates/<str:token>/pdf", views.pdf, name="pdf"),
    path("certificates/<str:token>/revoke/", views.revoke, name="revoke"),
]
