"""The inbox and the audit trail page by keyset (core.paging) through every row once."""

import pytest

from threecenters.core.models import AuditEntry
from threecenters.notify.models import Notification

pytestmark = pytest.mark.django_db


def _walk(client, url, rows, next_key, param, **base):
    seen, params = [], dict(base)
    for _ in range(10):
        response = client.get(url, params)
        assert response.status_code == 200
        seen += [row.pk for row in response.context[rows]]
        if not response.context[next_key]:
            return seen
        params = {**base, param: response.context[next_key]}
    raise AssertionError("pagination did not end")


def test_the_inbox_pages_every_notification_once(personas, client_for):
    Notification.objects.bulk_create(
        Notification(user=personas["resident"], kind="test", title=f"消息{i}") for i in range(65)
    )
    seen = _walk(client_for("resident"), "/me/inbox/", "notifications", "next_cursor", "after")
    mine = Notification.objects.filter(user=personas["resident"]).order_by("-id")
    assert seen == list(mine.values_list("pk", flat=True))


def test_the_audit_trail_pages_every_entry_once(personas, client_for):
    AuditEntry.objects.bulk_create(
        AuditEntry(actor_label="测试", action="test.paged", outcome=AuditEntry.Outcome.SUCCESS)
        for _ in range(150)
    )
    client = client_for("auditor")
    seen = _walk(client, "/staff/audit/", "entries", "next_before", "before", action="test.paged")
    assert len(seen) == len(set(seen)) == 150
    garbled = client.get("/staff/audit/", {"before": "123"})
    assert garbled.status_code == 200
