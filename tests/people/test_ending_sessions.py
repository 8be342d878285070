import pytest
from django.test import Client

from tests.conftest import PASSWORD
from threecenters.core.models import AuditEntry


def _session(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_sign_out_everywhere_ends_every_session(personas):
    phone, laptop = _session(personas["resident"]), _session(personas["resident"])
    phone.post("/me/signout-everywhere/")
    assert phone.get("/me/").status_code == 302
    assert laptop.get("/me/").status_code == 302


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions_only(personas):
    here, there = _session(personas["resident"]), _session(personas["resident"])
    response = here.post(
        "/me/password/",
        {"old_password": PASSWORD, "password1": "Other-Pass-77", "password2": "Other-Pass-77"},
    )
    assert response.status_code == 302
    assert here.get("/me/").status_code == 200
    assert there.get("/me/").status_code == 302


@pytest.mark.django_db
def test_a_security_administrator_ends_a_users_sessions(personas, client_for):
    victim = _session(personas["resident"])
    number = personas["resident"].public_number
    assert client_for("security").post(f"/staff/accounts/{number}/signout/").status_code == 302
    assert victim.get("/me/").status_code == 302
    assert AuditEntry.objects.filter(
        action="user.sessions_end", actor=personas["security"]
    ).exists()


@pytest.mark.django_db
def test_an_administrator_of_another_subdistrict_cannot(personas, client_for):
    victim = _session(personas["resident"])
    number = personas["resident"].public_number
    assert client_for("outsider").post(f"/staff/accounts/{number}/signout/").status_code == 404
    assert victim.get("/me/").status_code == 200


@pytest.mark.django_db
def test_a_forged_session_cookie_is_just_signed_out(personas):
    client = Client()
    client.cookies["sessionid"] = "forged-" + "a" * 30
    assert client.get("/me/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
