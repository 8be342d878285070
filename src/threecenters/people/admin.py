"""Reference data of the people app in the admin: the resident tag list and the privacy notice
versions. Profiles, consents, tokens and codes are personal data and stay out of the admin."""

from django.contrib import admin

from threecenters.core.adminsite import ReferenceAdmin
from threecenters.people.models import PrivacyNotice, ResidentTag


@admin.register(ResidentTag)
class ResidentTagAdmin(ReferenceAdmin):
    list_display = ["name", "sort"]
    search_fields = ["name"]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(ReferenceAdmin):
    """A published version is never edited or deleted (consents point at it): publish a new
    version instead."""

    list_display = ["version", "published_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
