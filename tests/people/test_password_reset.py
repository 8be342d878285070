import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.people.conftest import last_code


@pytest.mark.django_db
def test_a_password_is_reset_by_sms_code_and_old_sessions_end(resident_with_mobile):
    old = Client()
    old.force_login(resident_with_mobile)
    client = Client()
    client.post("/accounts/reset/", {"mobile": "13912345678", "send": "1"})
    response = client.post(
        "/accounts/reset/",
        {
            "mobile": "13912345678",
            "code": last_code(),
            "password1": "New-Pass-2026",
            "password2": "New-Pass-2026",
            "reset": "1",
        },
    )
    assert response.status_code == 302
    assert old.get("/api/v1/me").status_code == 401
    fresh = Client()
    assert (
        fresh.post(
            "/accounts/signin/", {"username": "13912345678", "password": "New-Pass-2026"}
        ).status_code
        == 302
    )
    assert (
        Client()
        .post("/accounts/signin/", {"username": "13912345678", "password": PASSWORD})
        .status_code
        == 200
    )


@pytest.mark.django_db
def test_a_reset_with_a_wrong_code_changes_nothing(resident_with_mobile):
    client = Client()
    client.post("/accounts/reset/", {"mobile": "13912345678", "send": "1"})
    wrong = "123456" if last_code() != "123456" else "654321"
    response = client.post(
        "/accounts/reset/",
        {
            "mobile": "13912345678",
            "code": wrong,
            "password1": "New-Pass-2026",
            "password2": "New-Pass-2026",
            "reset": "1",
        },
    )
    assert response.status_code == 200
    resident_with_mobile.refresh_from_db()
    assert resident_with_mobile.check_password(PASSWORD)
