"""Django admin for reference data only; business records go through the workspace."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from threecenters.core.models import (
    Area,
    AuditEntry,
    Center,
    Organisation,
    RoleAssignment,
    TaskFailure,
    User,
)

admin.site.site_header = "三中心 · 参考数据"


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "slug", "sort"]
    list_filter = ["level"]
    search_fields = ["name", "slug"]


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subdistrict"]
    list_filter = ["kind"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subdistrict", "community", "verification"]
    list_filter = ["kind", "verification"]
    search_fields = ["name"]
    exclude = ["contact_mobile"]


@admin.register(User)
class TCUserAdmin(UserAdmin):
    list_display = ["username", "masked_name", "masked_mobile", "is_active", "is_staff"]
    search_fields = ["username", "public_number"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("display_name", "email")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "area", "center", "organisation", "granted_at"]
    list_filter = ["role"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "outcome", "object_type", "object_id", "ip"]
    list_filter = ["action", "outcome"]


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyAdmin):
    list_display = ["at", "task_name", "attempt", "will_retry", "error"]
