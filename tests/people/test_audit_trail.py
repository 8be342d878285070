import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from threecenters.cli import main
from threecenters.core.audit import PruneRefused, audit_prune, audit_record
from threecenters.core.models import AuditEntry


def _clear_grants():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM threecenters_audit_prune")


@pytest.mark.django_db
def test_the_app_cannot_update_or_delete_entries(personas):
    _clear_grants()
    entry = audit_record(actor=personas["resident"], action="test.thing")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db
def test_the_database_refuses_update_and_delete_too(personas):
    _clear_grants()
    entry = audit_record(actor=personas["resident"], action="test.thing")
    for sql in (
        "UPDATE core_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing"


@pytest.mark.django_db
def test_removing_an_account_keeps_its_entries(personas):
    _clear_grants()
    user = personas["founder"]
    audit_record(actor=user, action="test.thing")
    user.delete()
    entry = AuditEntry.objects.get(action="test.thing")
    assert entry.actor_id is None and entry.actor_label == "founder"


@pytest.mark.django_db
def test_prune_refuses_anything_newer_than_180_days(personas):
    _clear_grants()
    with pytest.raises(PruneRefused):
        audit_prune(before=timezone.now() - timedelta(days=179))
    assert main(["audit", "prune", "--before", timezone.now().date().isoformat()]) == 1


@pytest.mark.django_db
def test_prune_deletes_only_old_entries_and_records_itself(personas):
    _clear_grants()
    recent = audit_record(actor=None, action="test.recent")
    AuditEntry.objects.create(action="test.ancient", at=timezone.now() - timedelta(days=400))
    deleted = audit_prune(before=timezone.now() - timedelta(days=200))
    assert deleted == 1
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert not AuditEntry.objects.filter(action="test.ancient").exists()
    assert AuditEntry.objects.filter(action="audit.prune").exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [recent.pk])


@pytest.mark.django_db
def test_the_audit_administrator_filters_and_exports(personas, client_for):
    audit_record(actor=personas["resident"], action="profile.update")
    audit_record(actor=personas["volunteer"], action="consent.withdraw")
    client = client_for("auditor")
    page = client.get("/staff/audit/", {"action": "consent"}).content.decode()
    assert "consent.withdraw" in page and "profile.update" not in page
    export = client.get("/staff/audit/export.csv", {"who": "resident"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "时间"
    assert {r[2] for r in rows[1:]} == {"profile.update"}
    assert AuditEntry.objects.filter(action="audit.export", actor=personas["auditor"]).exists()
