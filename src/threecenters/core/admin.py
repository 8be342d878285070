"""Django admin for reference data only; business records go through the workspace.

Accounts, roles and permissions are not edited here: users are managed on the platform's
``/staff/accounts/`` pages (the security administrator grants the administrator roles), so there
is no User, Group or Permission admin and no page can set a superuser, staff or permission
flag. Organisations and centers are written through core.services, like the workspace does.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from threecenters.core import services
from threecenters.core.adminsite import ReferenceAdmin
from threecenters.core.models import Area, Center, Organisation, RoleAssignment, TaskFailure

for model in (Group, DBTaskResult):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Area)
class AreaAdmin(ReferenceAdmin):
    list_display = ["name", "level", "parent", "slug", "sort"]
    list_filter = ["level"]
    search_fields = ["name", "slug"]


@admin.register(Center)
class CenterAdmin(ReferenceAdmin):
    """The cover image is uploaded on the center's staff page, where the file is checked."""

    list_display = ["name", "kind", "subdistrict"]
    list_filter = ["kind"]
    fields = ["subdistrict", "kind", *services.CENTER_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return ["subdistrict", "kind"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in services.CENTER_FIELDS}
        if change:
            services.center_update(actor=request.user, center=obj, **data)
        else:
            obj.pk = services.center_create(
                actor=request.user,
                subdistrict=form.cleaned_data["subdistrict"],
                kind=form.cleaned_data["kind"],
                **data,
            ).pk


@admin.register(Organisation)
class OrganisationAdmin(ReferenceAdmin):
    """Contact people are personal data and stay on the workspace pages (masked there)."""

    list_display = ["name", "kind", "subdistrict", "community", "verification"]
    list_filter = ["kind", "verification"]
    search_fields = ["name"]
    personal_fields = frozenset(services.PERSONAL_FIELDS)
    service_fields = [f for f in services.ORGANISATION_FIELDS if f not in services.PERSONAL_FIELDS]
    fields = ["subdistrict", *service_fields]

    def get_readonly_fields(self, request, obj=None):
        return ["subdistrict"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in self.service_fields}
        if change:
            services.organisation_update(actor=request.user, organisation=obj, **data)
        else:
            obj.pk = services.organisation_create(
                actor=request.user, subdistrict=form.cleaned_data["subdistrict"], **data
            ).pk


# Roles are granted on the scoped "accounts" pages (security or subdistrict administrators),
# and the audit trail is the audit administrator's (staff/audit/): the admin only shows roles.
@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReferenceAdmin):
    read_only = True
    list_display = ["user", "role", "area", "center", "organisation", "granted_at"]
    list_filter = ["role"]


@admin.register(TaskFailure)
class TaskFailureAdmin(ReferenceAdmin):
    read_only = True
    list_display = ["at", "task_name", "attempt", "will_retry", "error"]


@admin.register(DBTaskResult)
class TaskResultAdmin(ReferenceAdmin, DBTaskResultAdmin):
    """The background tasks' queue, read-only (the package's own view of it)."""

    read_only = True
