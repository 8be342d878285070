"""The audit trail cannot be flooded: repeated identical refusals from one address are throttled
(429 after THREECENTERS_REFUSAL_LIMIT) and aggregated (the first entry of a window, then one
summary entry with the window's count), the audit table staying append-only."""

import pytest
from django.db.models import F
from django.test import Client

from tests.conftest import PASSWORD
from threecenters.core.models import AuditEntry
from threecenters.people import services
from threecenters.people.models import RefusalTally


def _forged(address: str, n: int) -> list:
    client = Client(REMOTE_ADDR=address, HTTP_AUTHORIZATION=f"Bearer tc_forged-{n:04d}")
    return client.get("/api/v1/me")


def _end_the_window() -> None:
    """Move every open tally into the past, as the clock would."""
    RefusalTally.objects.update(window=F("window") - 1)


@pytest.mark.django_db
@pytest.mark.usefixtures("one_refusal_window")
def test_three_hundred_forged_tokens_write_a_bounded_trail_and_get_429s(personas, settings):
    responses = [_forged("10.40.0.1", n) for n in range(300)]
    statuses = [r.status_code for r in responses]
    limit = settings.REFUSAL_LIMIT
    assert statuses[:limit] == [401] * limit
    assert set(statuses[limit:]) == {429}
    late = responses[-1]
    assert late.json()["code"] == "too_many_requests" and late.json()["message"]
    assert late["Retry-After"] == "60"
    rows = AuditEntry.objects.filter(action="token.rejected")
    assert rows.count() == 1  # the first occurrence
    first = rows.get()
    assert first.ip == "10.40.0.1" and first.outcome == "failure" and first.actor_label == "bearer"

    # another address is its own source: answered 401 and audited on its own
    other = _forged("10.40.0.2", 0)
    assert other.status_code == 401 and other.json()["code"] == "invalid_token"
    assert rows.filter(ip="10.40.0.2").count() == 1

    _end_the_window()
    assert services.refusal_summaries_write() == 1
    summary = rows.filter(ip="10.40.0.1").exclude(pk=first.pk).get()
    assert summary.changes["repeated"] == 300 and summary.actor_label == "bearer"
    assert rows.count() == 3
    assert services.refusal_summaries_write() == 0  # once
    assert not RefusalTally.objects.exists()  # finished windows go


@pytest.mark.django_db
@pytest.mark.usefixtures("one_refusal_window")
def test_a_throttled_address_is_refused_before_any_token_is_looked_at(personas, settings):
    settings.REFUSAL_LIMIT = 3
    _token, raw = services.token_create(actor=None, user=personas["resident"], name="x")
    for n in range(3):
        _forged("10.40.0.3", n)
    good = Client(REMOTE_ADDR="10.40.0.3", HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")
    assert good.status_code == 429 and good["Retry-After"]
    elsewhere = Client(REMOTE_ADDR="10.40.0.4", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert elsewhere.get("/api/v1/me").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("one_refusal_window")
def test_repeated_failed_sign_ins_are_one_entry_and_a_count(personas, settings):
    settings.LOCKOUT_FAILURES = 100
    client = Client(REMOTE_ADDR="10.40.0.5")
    for _ in range(12):
        client.post("/accounts/signin/", {"username": "worker_dajing", "password": "wrong"})
    failures = AuditEntry.objects.filter(action="auth.signin", outcome="failure")
    assert failures.get().changes == {"method": "password"}
    _end_the_window()
    # the audit administrator's page writes the counts that are due before it lists entries
    auditor = Client()
    auditor.force_login(personas["auditor"])
    assert auditor.get("/staff/audit/?action=auth.signin").status_code == 200
    assert failures.count() == 2
    assert failures.order_by("-id").first().changes["repeated"] == 12


@pytest.mark.django_db
@pytest.mark.usefixtures("one_refusal_window")
def test_rejected_sms_codes_are_aggregated_too(resident_with_mobile):
    client = Client(REMOTE_ADDR="10.40.0.6")
    client.post("/accounts/reset/", {"mobile": "13912345678", "send": "1"})
    for _ in range(8):
        client.post(
            "/accounts/reset/",
            {
                "mobile": "13912345678",
                "code": "000000",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert AuditEntry.objects.filter(action="sms.code_rejected").count() == 1
    _end_the_window()
    services.refusal_summaries_write()
    summary = AuditEntry.objects.filter(action="sms.code_rejected").order_by("-id").first()
    assert summary.changes["repeated"] == 8


@pytest.mark.django_db
@pytest.mark.usefixtures("one_refusal_window")
def test_a_locked_address_trying_many_names_is_one_tally(personas, settings):
    settings.LOCKOUT_IP_FAILURES = 3
    client = Client(REMOTE_ADDR="10.40.0.7")
    for n in range(40):
        client.post("/accounts/signin/", {"username": f"name-{n}", "password": "wrong"})
    assert AuditEntry.objects.filter(action="auth.signin_locked").count() == 1
    assert AuditEntry.objects.filter(action="auth.signin", outcome="failure").count() == 3
