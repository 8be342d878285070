"""Each user action is one service call in one transaction: when a later step of the action
fails, the earlier steps are undone too."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.people.conftest import last_code
from tests.people.test_roster_import import GOOD_ROWS, _upload, xlsx
from threecenters.core.models import User
from threecenters.people import roster
from threecenters.people import services as people
from threecenters.people.models import RosterImport, TwoFactor


class Broken(Exception):
    """A failure injected into the second step of an action."""


def _break(monkeypatch, module, name: str) -> None:
    def broken(**kwargs):
        raise Broken(name)

    monkeypatch.setattr(module, name, broken)


@pytest.mark.django_db
def test_a_password_reset_that_fails_while_ending_sessions_keeps_the_old_password(
    resident_with_mobile, monkeypatch
):
    Client().post("/accounts/reset/", {"mobile": "13912345678", "send": "1"})
    _break(monkeypatch, people, "sessions_end")
    with pytest.raises(Broken):
        people.password_reset(mobile="13912345678", code=last_code(), password="New-Pass-2026")
    resident_with_mobile.refresh_from_db()
    assert resident_with_mobile.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_two_factor_reset_that_fails_while_ending_sessions_keeps_the_device(
    personas, monkeypatch
):
    target = personas["resident"]
    TwoFactor.objects.create(user=target, secret_cipher="x")
    epoch = User.objects.get(pk=target.pk).session_epoch
    _break(monkeypatch, people, "sessions_end")
    with pytest.raises(Broken):
        people.two_factor_reset(actor=personas["security"], user=target)
    assert TwoFactor.objects.filter(user=target).exists()
    monkeypatch.undo()
    people.two_factor_reset(actor=personas["security"], user=target)
    assert not TwoFactor.objects.filter(user=target).exists()
    assert User.objects.get(pk=target.pk).session_epoch == epoch + 1


@pytest.mark.django_db
def test_a_roster_import_that_fails_leaves_the_upload_to_confirm_again(
    personas, world, client_for, monkeypatch
):
    client = client_for("worker_dajing")
    _upload(client, world, xlsx(GOOD_ROWS))
    upload = RosterImport.objects.get()
    _break(monkeypatch, roster, "apply")
    with pytest.raises(Broken):
        roster.upload_import(actor=personas["worker_dajing"], upload=upload)
    upload.refresh_from_db()
    assert upload.imported_at is None and bytes(upload.content_cipher)
    monkeypatch.undo()
    counts = roster.upload_import(actor=personas["worker_dajing"], upload=upload)
    assert counts["created"] + counts["matched"] + counts["skipped"] == len(GOOD_ROWS)
    upload.refresh_from_db()
    assert upload.imported_at is not None and not bytes(upload.content_cipher)
    assert roster.upload_import(actor=personas["worker_dajing"], upload=upload) is None
