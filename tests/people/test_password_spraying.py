"""Password spraying is throttled: failures across many login names from one address lock the
address (THREECENTERS_LOCKOUT_IP_FAILURES), with the same message as the per-account lock."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from threecenters.core.models import AuditEntry


@pytest.mark.django_db
def test_twenty_five_names_from_one_address_lock_the_address(personas, settings):
    assert settings.LOCKOUT_IP_FAILURES == 20
    client = Client(REMOTE_ADDR="10.50.0.1")
    answers = [
        client.post("/accounts/signin/", {"username": f"guess-{n}", "password": "Spring2026!"})
        for n in range(25)
    ]
    assert [a.status_code for a in answers[:19]] == [200] * 19
    assert all("账号或密码不正确" in a.content.decode() for a in answers[:19])
    assert all(a.status_code == 429 for a in answers[19:])
    assert all("尝试次数太多" in a.content.decode() for a in answers[19:])
    # every name is refused now, a real account with its right password too, and that answer
    # is the per-account lock's
    real = client.post("/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD})
    assert real.status_code == 429 and "尝试次数太多" in real.content.decode()
    assert "_auth_user_id" not in client.session
    lock = AuditEntry.objects.get(action="auth.lockout", changes__scope="address")
    assert lock.ip == "10.50.0.1"
    # another address is not affected
    elsewhere = Client(REMOTE_ADDR="10.50.0.2")
    ok = elsewhere.post("/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_signing_in_to_an_own_account_between_guesses_does_not_reset_the_address(
    personas, settings
):
    settings.LOCKOUT_IP_FAILURES = 4
    client = Client(REMOTE_ADDR="10.50.0.3")
    for n in range(3):
        client.post("/accounts/signin/", {"username": f"guess-{n}", "password": "x"})
    assert (
        Client(REMOTE_ADDR="10.50.0.3")
        .post("/accounts/signin/", {"username": "resident", "password": PASSWORD})
        .status_code
        == 302
    )
    last = client.post("/accounts/signin/", {"username": "guess-9", "password": "x"})
    assert last.status_code == 429


@pytest.mark.django_db
def test_the_address_limit_is_configurable(personas, settings):
    settings.LOCKOUT_IP_FAILURES = 2
    client = Client(REMOTE_ADDR="10.50.0.4")
    client.post("/accounts/signin/", {"username": "a", "password": "x"})
    second = client.post("/accounts/signin/", {"username": "b", "password": "x"})
    assert second.status_code == 429
