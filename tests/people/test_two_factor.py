import pyotp
import pytest
from django.test import Client

from tests.conftest import PASSWORD
from threecenters.people import services


def _enable(user):
    secret = services.totp_begin(user=user)
    codes = services.totp_confirm(user=user, code=pyotp.TOTP(secret).now())
    return secret, codes


def _step_forward(user):
    from threecenters.people.models import TwoFactor

    # Codes are single use per time step; step the clock of the device back for the test.
    TwoFactor.objects.filter(user=user).update(last_step=0)


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_after_the_password(personas):
    user = personas["resident"]
    secret, _codes = _enable(user)
    _step_forward(user)
    client = Client()
    response = client.post("/accounts/signin/", {"username": "resident", "password": PASSWORD})
    assert response["Location"] == "/accounts/signin/verify/"
    assert client.get("/api/v1/me").status_code == 401
    wrong = client.post("/accounts/signin/verify/", {"code": "000000"})
    assert wrong.status_code == 200 and "动态验证码不正确" in wrong.content.decode()
    ok = client.post("/accounts/signin/verify/", {"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert client.get("/api/v1/me").json()["two_factor"] is True


@pytest.mark.django_db
def test_a_recovery_code_works_once(personas):
    user = personas["resident"]
    _secret, codes = _enable(user)
    for expected in (302, 200):
        client = Client()
        client.post("/accounts/signin/", {"username": "resident", "password": PASSWORD})
        response = client.post("/accounts/signin/verify/", {"code": codes[0]})
        assert response.status_code == expected


@pytest.mark.django_db
def test_a_totp_code_cannot_be_replayed(personas):
    user = personas["resident"]
    secret = services.totp_begin(user=user)
    code = pyotp.TOTP(secret).now()
    services.totp_confirm(user=user, code=code)
    assert services.totp_verify(user=user, code=code) is False


@pytest.mark.django_db
def test_administrator_roles_must_set_it_up_before_anything_else(personas):
    client = Client()
    response = client.post("/accounts/signin/", {"username": "auditor", "password": PASSWORD})
    assert response["Location"] == "/me/two-factor/"
    assert client.get("/staff/audit/")["Location"] == "/me/two-factor/"
    assert client.get("/api/v1/me").status_code == 403
    page = client.get("/me/two-factor/")
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    secret = services.totp_secret(personas["auditor"])
    done = client.post("/me/two-factor/", {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "恢复码" in done.content.decode()
    assert client.get("/staff/audit/").status_code == 200


@pytest.mark.django_db
def test_an_administrator_cannot_switch_it_off(personas):
    user = personas["security"]
    _enable(user)
    client = Client()
    client.force_login(user)
    client.post("/me/two-factor/", {"action": "disable"})
    assert services.two_factor_enabled(user)


@pytest.mark.django_db
def test_a_resident_may_switch_it_off(personas, client_for):
    _enable(personas["resident"])
    client_for("resident").post("/me/two-factor/", {"action": "disable"})
    assert not services.two_factor_enabled(personas["resident"])


def test_a_role_code_that_does_not_exist_stops_start_up():
    import os
    import subprocess
    import sys

    env = {**os.environ, "THREECENTERS_2FA_ROLES": "system_admin,sysadmin"}
    result = subprocess.run(
        [sys.executable, "-m", "threecenters", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "THREECENTERS_2FA_ROLES" in result.stderr


def test_the_role_codes_in_settings_match_the_model():
    from threecenters.core.models import RoleAssignment
    from threecenters.settings import _ROLE_CODES

    assert set(RoleAssignment.Role.values) == _ROLE_CODES
