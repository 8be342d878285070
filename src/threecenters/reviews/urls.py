from django.urls import path, register_converter

from threecenters.reviews import views


class TokenConverter:
    """A publicity token: 32 hex characters (a kind key may never look like one)."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "publicity_token")

app_name = "reviews"

urlpatterns = [
    path("publicity/<publicity_token:token>/", views.publicity_item, name="publicity-item"),
    path("publicity/<slug:kind>/", views.publicity_list, name="publicity-list"),
    path("staff/publicity/", views.staff_objections, name="staff-objections"),
    path(
        "staff/publicity/objections/<int:pk>/handle/",
        views.objection_handle,
        name="objection-handle",
    ),
    path(
        "staff/publicity/<publicity_token:token>/close/",
        views.publicity_close,
        name="publicity-close",
    ),
]
