import pytest
from django.test import Client

from tests.conftest import PASSWORD
from threecenters.core.models import AuditEntry


def _fail(client, login, times):
    for _ in range(times):
        client.post("/accounts/signin/", {"username": login, "password": "wrong-Pass-1"})


@pytest.mark.django_db
def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(personas):
    client = Client(REMOTE_ADDR="10.0.0.1")
    _fail(client, "worker_dajing", 5)
    response = client.post("/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD})
    assert response.status_code == 429
    assert "尝试次数太多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.lockout").exists()


@pytest.mark.django_db
def test_another_address_is_not_locked(personas):
    _fail(Client(REMOTE_ADDR="10.0.0.1"), "worker_dajing", 5)
    response = Client(REMOTE_ADDR="10.0.0.2").post(
        "/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_unknown_account_is_locked_the_same_way(personas):
    client = Client(REMOTE_ADDR="10.0.0.1")
    _fail(client, "worker_dajing", 5)
    known = client.post("/accounts/signin/", {"username": "worker_dajing", "password": "x"})
    _fail(client, "no-such-person", 5)
    unknown = client.post("/accounts/signin/", {"username": "no-such-person", "password": "x"})
    assert "尝试次数太多" in known.content.decode()
    assert "尝试次数太多" in unknown.content.decode()


@pytest.mark.django_db
def test_the_lock_ends_after_the_configured_minutes(personas, settings):
    from datetime import timedelta

    from django.utils import timezone

    from threecenters.people.models import SignInThrottle

    client = Client(REMOTE_ADDR="10.0.0.1")
    _fail(client, "worker_dajing", 5)
    SignInThrottle.objects.update(
        locked_until=timezone.now() - timedelta(seconds=1),
        last_failure_at=timezone.now() - timedelta(minutes=settings.LOCKOUT_MINUTES + 1),
    )
    response = client.post("/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_limit_is_configurable(personas, settings):
    settings.LOCKOUT_FAILURES = 2
    client = Client(REMOTE_ADDR="10.0.0.1")
    _fail(client, "worker_dajing", 2)
    response = client.post("/accounts/signin/", {"username": "worker_dajing", "password": PASSWORD})
    assert "尝试次数太多" in response.content.decode()
