"""core.rows.insert: the row Model.save() would write, with signals, in one statement."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from threecenters.core import rows
from threecenters.core.models import AuditEntry
from threecenters.notify.models import Notification

pytestmark = pytest.mark.django_db


def _row(obj):
    return {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if not f.primary_key
    }


def test_it_writes_what_save_writes(db):
    user = make_user("writer")
    values = {"user": user, "kind": "x.y", "title": "标题 <b>", "body": "正文", "url": "/a/"}
    by_orm = Notification.objects.create(**values)
    with CaptureQueriesContext(connection) as queries:
        fast = rows.insert(Notification(**values))
    assert len(queries) == 1 and queries[0]["sql"].startswith("INSERT")
    assert fast.pk and fast.pk != by_orm.pk and not fast._state.adding
    stored = Notification.objects.get(pk=fast.pk)
    expected = _row(Notification.objects.get(pk=by_orm.pk))
    got = _row(stored)
    assert got.pop("created_at") and expected.pop("created_at")
    assert got == expected


def test_json_and_nulls_round_trip_and_signals_are_sent(db):
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.pk, created))

    post_save.connect(receiver, sender=AuditEntry, dispatch_uid="test-rows")
    try:
        entry = rows.insert(
            AuditEntry(action="test.rows", changes={"状态": ["a", "b"], "n": 3}, ip=None)
        )
    finally:
        post_save.disconnect(dispatch_uid="test-rows", sender=AuditEntry)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.changes == {"状态": ["a", "b"], "n": 3} and stored.ip is None
    assert stored.actor_id is None
    assert seen == [(entry.pk, True)]


def test_a_constraint_still_refuses_and_nothing_is_written(db):
    user = make_user("twice")
    rows.insert(Notification(user=user, kind="k", title="t", dedupe_key="once"))
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(Notification(user=user, kind="k", title="t", dedupe_key="once"))
    assert Notification.objects.filter(user=user).count() == 1


def test_it_refuses_a_saved_instance(db):
    user = make_user("saved")
    note = Notification.objects.create(user=user, kind="k", title="t")
    with pytest.raises(ValueError):
        rows.insert(note)


def test_it_refuses_a_model_whose_save_does_more(db, monkeypatch):
    def save(self, *args, **kwargs):  # behaviour rows.insert would skip
        super(Notification, self).save(*args, **kwargs)

    monkeypatch.setattr(Notification, "save", save)
    user = make_user("stamped")
    with pytest.raises(ValueError):
        rows.insert(Notification(user=user, kind="k", title="t"))
    assert not Notification.objects.filter(user=user).exists()
