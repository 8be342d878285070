"""Every admin page: only the system administrator gets in; the audit trail and personal records
are not there; read-only models refuse changes."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

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


@pytest.mark.django_db
def test_every_admin_page_is_for_the_system_administrator_only(personas):
    sysadmin = personas["sysadmin"]
    sysadmin.is_staff = sysadmin.is_superuser = True
    sysadmin.save()
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
                elif not (response.status_code == 302 and "/admin/login/" in response["Location"]):
                    failures.append(f"{url} as {persona or 'anonymous'}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_personal_records_and_the_audit_trail_are_not_in_the_admin():
    labels = {m._meta.label_lower for m in admin.site._registry}
    for label in [
        "core.auditentry",
        "people.residentprofile",
        "people.consent",
        "people.apitoken",
        "people.smscode",
        "people.twofactor",
    ]:
        assert label not in labels
