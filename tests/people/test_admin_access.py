"""Every admin page follows the ``core.use_admin`` predicate (the system administrator), not
Django's staff or superuser flags; the audit trail, personal records, accounts, groups and
permissions are not there; read-only models refuse changes; the admin has no login form."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from threecenters.core.adminsite import ReferenceAdmin, ReferenceInline
from threecenters.core.models import AuditEntry

# Roles are granted on the scoped staff pages; task results and failures are logs.
# Case-library records are written through the workspace services (audit, index, page cache).
READ_ONLY = {
    "core.roleassignment",
    "core.taskfailure",
    "django_tasks_database.dbtaskresult",
    "governance.case",
    "governance.caseadoption",
    "governance.exchangesession",
}


def _signin_redirect(response) -> bool:
    """Anonymous: the admin sends them to its login URL, which sends them to the platform's
    sign-in page."""
    return response.status_code == 302 and (
        "/admin/login/" in response["Location"] or "/accounts/signin/" in response["Location"]
    )


@pytest.mark.django_db
def test_every_admin_page_is_for_the_system_administrator_only(personas):
    failures = []
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")
            for persona in [None, *personas]:
                client = Client()
                if persona:
                    client.force_login(personas[persona])
                response = client.get(url)
                if persona == "sysadmin":
                    allowed = view == "changelist" or meta.label_lower not in READ_ONLY
                    want = 200 if allowed else 403
                    if response.status_code != want:
                        failures.append(f"{url} as sysadmin: {response.status_code}, want {want}")
                elif persona is None:
                    if not _signin_redirect(response):
                        failures.append(f"{url} as anonymous: {response.status_code}")
                elif response.status_code != 403:
                    failures.append(f"{url} as {persona}: {response.status_code}, want 403")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_no_persona_is_a_superuser_and_the_admin_needs_none(personas):
    assert not any(u.is_superuser or u.is_staff for u in personas.values())
    client = Client()
    client.force_login(personas["sysadmin"])
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_refused_visit_is_audited(personas, client_for):
    assert client_for("security").get("/admin/core/area/").status_code == 403
    entry = AuditEntry.objects.get(action="permission.denied", actor=personas["security"])
    assert entry.changes["permission"] == "core.use_admin" and entry.outcome == "failure"


@pytest.mark.django_db
def test_the_admin_has_no_login_form_of_its_own(personas, world):
    client = Client()
    response = client.get("/admin/login/?next=/admin/core/area/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signin/?next=/admin/core/area/")
    # a password posted to the admin's login URL signs nobody in (no lockout, no two-factor)
    from tests.conftest import PASSWORD

    client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    # nor is there a second password form: the platform's page changes passwords
    client.force_login(personas["sysadmin"])
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == "/me/password/"


def test_personal_records_and_the_audit_trail_are_not_in_the_admin():
    labels = {m._meta.label_lower for m in admin.site._registry}
    for label in [
        "core.auditentry",
        "core.user",
        "auth.group",
        "auth.permission",
        "people.residentprofile",
        "people.consent",
        "people.apitoken",
        "people.smscode",
        "people.twofactor",
    ]:
        assert label not in labels


@pytest.mark.django_db
def test_no_admin_page_can_set_account_flags_or_permissions(personas, rf):
    flags = {"is_superuser", "is_staff", "user_permissions", "groups", "password"}
    request = rf.get("/admin/")
    request.user = personas["sysadmin"]
    for model, model_admin in admin.site._registry.items():
        assert not flags & {f.name for f in model._meta.get_fields()}, model
        for obj in [None, model.objects.first()]:
            form = model_admin.get_form(request, obj)
            assert not flags & set(form.base_fields), model


def test_every_admin_class_derives_from_the_reference_base():
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, ReferenceAdmin), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, ReferenceInline), inline
