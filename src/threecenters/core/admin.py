"""Django admin for reference data only; business records go through the workspace."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from threecenters.core.models import (
    Area,
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

    def has_delete_permission(self, request, obj=None):
        # Accounts are never deleted (audit entries point at them); deletion requests
        # anonymise the account instead (people app).
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Roles are granted on the scoped "accounts" pages (security or subdistrict administrators),
# and the audit trail is the audit administrator's (staff/audit/): the admin only shows roles.
@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "area", "center", "organisation", "granted_at"]
    list_filter = ["role"]


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyAdmin):
    list_display = ["at", "task_name", "attempt", "will_retry", "error"]
