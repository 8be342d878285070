import time

import pytest
from django.test import Client

from tests.conftest import PASSWORD


def _signed_in(login):
    client = Client()
    assert (
        client.post("/accounts/signin/", {"username": login, "password": PASSWORD}).status_code
        == 302
    )
    return client


def _age(client, *, seen=None, started=None):
    session = client.session
    now = int(time.time())
    if seen is not None:
        session["tc_seen"] = now - seen
    if started is not None:
        session["tc_auth_at"] = now - started
    session.save()


@pytest.mark.django_db
def test_staff_are_signed_out_after_thirty_idle_minutes(personas):
    client = _signed_in("worker_dajing")
    _age(client, seen=31 * 60)
    response = client.get("/me/")
    assert response.status_code == 302 and "/accounts/signin/" in response["Location"]
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_residents_stay_signed_in_after_thirty_idle_minutes(personas):
    client = _signed_in("resident")
    _age(client, seen=31 * 60)
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_residents_are_signed_out_after_seven_idle_days(personas):
    client = _signed_in("resident")
    _age(client, seen=7 * 24 * 3600 + 60)
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_activity_keeps_the_session_alive_but_not_past_the_absolute_lifetime(personas, settings):
    client = _signed_in("resident")
    _age(client, seen=10, started=settings.SESSION_COOKIE_AGE + 5)
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_a_timed_out_api_call_gets_401(personas):
    client = _signed_in("worker_dajing")
    _age(client, seen=31 * 60)
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
