"""The Django admin, for reference data only, opened by a predicate instead of Django's
``is_staff``/``is_superuser`` flags, with every write in the audit trail.

``ReferenceAdminSite`` is the project's ``admin.site`` (``core.apps.AdminConfig``): only people
for whom ``core.use_admin`` holds (the system administrator) get in; everyone else signed in
gets a 403, and signing in happens on the platform's own page (lockout, two-factor), never on
a second admin login form: the project hands the site's sign-in, sign-out and password change
to the people app (``threecenters.urls``). Every registered ModelAdmin derives from
``ReferenceAdmin``, whose permissions come from the same predicate and whose add, change and
delete write an append-only audit entry with the changed fields (personal ones masked), like
every service does.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from threecenters.core.audit import audit_record, changed_fields
from threecenters.core.masking import masked_changes

ADMIN_PERMISSION = "core.use_admin"
EMPTY = (None, "", "[]")


def may_use_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.has_perm(ADMIN_PERMISSION))


class ReferenceAdminSite(admin.AdminSite):
    site_header = _("三中心 · 参考数据")
    site_title = _("三中心 · 参考数据")
    index_title = _("参考数据")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def inner(request, *args, **kwargs):
            # Django would send a signed-in person without the permission to its own login
            # form; here they are refused, and the refusal is audited.
            if request.user.is_authenticated and not self.has_permission(request):
                self._refuse(request)
            return guarded(request, *args, **kwargs)

        return inner

    def _refuse(self, request: HttpRequest):
        audit_record(
            actor=request.user,
            action="permission.denied",
            changes={"permission": ADMIN_PERMISSION, "path": request.path[:200]},
            success=False,
        )
        raise PermissionDenied


def _snapshot(obj, fields: list[str] | None = None) -> dict:
    """The record's editable values (all but the key unless ``fields`` are named)."""
    return model_to_dict(obj, fields=fields, exclude=[obj._meta.pk.name])


def _reload(obj, fields: list[str] | None = None) -> dict:
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    return _snapshot(stored, fields) if stored is not None else {}


class AuditedWrites:
    """Admin add, change and delete (also of inline rows) written to the audit trail."""

    #: fields whose values are personal data: masked in the audit entry
    personal_fields: frozenset[str] = frozenset()

    def _audit(self, request, action: str, obj, before: dict, after: dict) -> None:
        changes = {
            key: values
            for key, values in changed_fields(before, after).items()
            if values[0] not in EMPTY or values[1] not in EMPTY
        }
        if action == "admin.change" and not changes:
            return
        audit_record(
            actor=request.user,
            action=action,
            obj=obj,
            changes=masked_changes(changes, self.personal_fields),
        )

    def _audit_delete(self, request, obj) -> None:
        held = _snapshot(obj)
        self._audit(request, "admin.delete", obj, held, dict.fromkeys(held))


class ReferenceInline(AuditedWrites, admin.TabularInline):
    """Rows edited inside a reference record; the parent admin audits them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return may_use_admin(request)

    def has_add_permission(self, request, obj=None):
        return may_use_admin(request)

    def has_change_permission(self, request, obj=None):
        return may_use_admin(request)

    def has_delete_permission(self, request, obj=None):
        return may_use_admin(request)


class ReferenceAdmin(AuditedWrites, admin.ModelAdmin):
    """The base of every ModelAdmin: permissions from ``core.use_admin``; ``read_only``
    models (logs, records written by the workspace services) can only be viewed."""

    read_only = False

    def has_module_permission(self, request):
        return may_use_admin(request)

    def has_view_permission(self, request, obj=None):
        return may_use_admin(request)

    def has_add_permission(self, request):
        return not self.read_only and may_use_admin(request)

    def has_change_permission(self, request, obj=None):
        return not self.read_only and may_use_admin(request)

    def has_delete_permission(self, request, obj=None):
        return not self.read_only and may_use_admin(request)

    def save_model(self, request, obj, form, change):
        fields = list(form.fields)
        before = _reload(obj, fields) if change else {}
        with transaction.atomic():
            obj.save()
            self._audit(
                request,
                "admin.change" if change else "admin.add",
                obj,
                before,
                _snapshot(obj, fields),
            )

    def save_formset(self, request, form, formset, change):
        inline = next(
            (i for i in self.get_inline_instances(request) if i.model is formset.model), self
        )
        fields = [name for name in formset.form.base_fields if name not in {"DELETE", "id"}]
        with transaction.atomic():
            formset.save(commit=False)
            for obj in formset.deleted_objects:
                inline._audit_delete(request, obj)
                obj.delete()
            for obj, _names in formset.changed_objects:
                before = _reload(obj, fields)
                obj.save()
                inline._audit(request, "admin.change", obj, before, _snapshot(obj, fields))
            for obj in formset.new_objects:
                obj.save()
                inline._audit(request, "admin.add", obj, {}, _snapshot(obj, fields))
            formset.save_m2m()

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit_delete(request, obj)
            obj.delete()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit_delete(request, obj)
            queryset.delete()
