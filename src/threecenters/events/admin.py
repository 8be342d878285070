"""Read-only views for system administrators: every change goes through the services, which keep
the seat counter, the audit trail and the notifications right."""

from django.contrib import admin

from threecenters.events.models import Event, Photo, Registration, Series


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "center",
        "community",
        "kind",
        "status",
        "starts_at",
        "capacity",
        "taken",
    ]
    list_filter = ["status", "kind", "center"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["event", "person", "status", "companions", "created_at", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "person"]
    exclude = ["token", "code"]


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["title", "center", "signup_mode", "created_at"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["event", "status", "created_at"]
    list_filter = ["status"]
