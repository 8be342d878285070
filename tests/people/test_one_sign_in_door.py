"""Every way in goes through the one sign-in decision (people.services.signin_attempt): the
Django admin has no login of its own, and the lockout, the two-factor rule and the audit entry
are the same at every door."""

from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from tests.conftest import PASSWORD
from tests.people.conftest import last_code
from threecenters.core.models import AuditEntry
from threecenters.people import services
from threecenters.people.models import SignInThrottle


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/accounts/signin/"
    return parse_qs(parts.query)["next"][0]


@pytest.mark.django_db
def test_the_admin_login_sends_people_to_the_platform_sign_in_with_a_safe_next(personas):
    kept = Client().get("/admin/login/?next=/admin/core/area/")
    assert kept.status_code == 302 and _next_of(kept["Location"]) == "/admin/core/area/"
    foreign = Client().get("/admin/login/?next=https://evil.example/")
    assert _next_of(foreign["Location"]) == "/admin/"
    # the admin's own redirect for a signed-out visitor ends at the platform's sign-in too
    page = Client().get("/admin/core/area/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/signin/?next=")
    assert '<form method="post" action="/accounts/signin/"' in page.content.decode()


@pytest.mark.django_db
def test_admin_site_login_itself_is_the_platform_door(personas):
    request = RequestFactory().get("/admin/login/", {"next": "/admin/"})
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = admin.site.login(request)
    assert response.status_code == 302 and _next_of(response["Location"]) == "/admin/"


@pytest.mark.django_db
def test_eight_wrong_admin_logins_lock_nothing_and_give_no_session(personas):
    """Before: /admin/login/ took passwords without lockout or TOTP; the 9th, right one gave a
    full session. Now it only redirects: it checks no password and starts nothing."""
    client = Client(REMOTE_ADDR="10.20.0.1")
    for _ in range(8):
        response = client.post("/admin/login/", {"username": "sysadmin", "password": "wrong-1A!"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/signin/")
    right = client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD})
    assert right.status_code == 302 and right["Location"].startswith("/accounts/signin/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert not SignInThrottle.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="auth.signin").exists()


@pytest.mark.django_db
def test_the_platform_sign_in_locks_the_administrator_after_the_configured_failures(
    personas, settings
):
    client = Client(REMOTE_ADDR="10.20.0.2")
    for _ in range(settings.LOCKOUT_FAILURES):
        client.post("/accounts/signin/", {"username": "sysadmin", "password": "wrong-1A!"})
    locked = client.post("/accounts/signin/", {"username": "sysadmin", "password": PASSWORD})
    assert locked.status_code == 429 and "尝试次数太多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_administrator_signing_in_must_set_up_two_factor_before_the_admin(personas):
    client = Client()
    response = client.post(
        "/accounts/signin/", {"username": "sysadmin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/me/two-factor/"
    assert client.get("/admin/")["Location"] == "/me/two-factor/"


@pytest.mark.django_db
def test_someone_signed_in_whom_the_admin_turns_away_gets_403_not_a_loop(client_for):
    assert client_for("resident").get("/admin/login/?next=/admin/").status_code == 403


@pytest.mark.django_db
def test_the_admin_logout_is_the_platform_sign_out(client_for, personas):
    sysadmin = personas["sysadmin"]
    sysadmin.is_staff = True  # the admin lets the system administrator in
    sysadmin.save()
    client = client_for("sysadmin")
    assert client.get("/admin/logout/").status_code == 405
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.signout", actor=personas["sysadmin"]).exists()


@pytest.mark.django_db
def test_password_and_sms_code_sign_in_write_the_same_audit_entry(resident_with_mobile):
    Client().post("/accounts/signin/", {"username": "resident", "password": PASSWORD})
    client = Client()
    client.post("/accounts/signin/code/", {"mobile": "13912345678", "send": "1"})
    client.post("/accounts/signin/code/", {"mobile": "13912345678", "code": last_code()})
    methods = sorted(
        e.changes["method"]
        for e in AuditEntry.objects.filter(action="auth.signin", outcome="success")
    )
    assert methods == ["password", "sms"]


@pytest.mark.django_db
@pytest.mark.usefixtures("one_refusal_window")
def test_wrong_two_factor_codes_count_towards_the_same_lockout(personas, settings):
    user = personas["resident"]
    secret = services.totp_begin(user=user)
    services.totp_confirm(user=user, code=pyotp.TOTP(secret).now())
    client = Client(REMOTE_ADDR="10.20.0.3")
    client.post("/accounts/signin/", {"username": "resident", "password": PASSWORD})
    for _ in range(settings.LOCKOUT_FAILURES):
        wrong = client.post("/accounts/signin/verify/", {"code": "000000"})
    assert wrong.status_code == 429 and "尝试次数太多" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    entries = AuditEntry.objects.filter(action="auth.signin", outcome="failure")
    assert entries.get().changes == {"method": "totp"}


@pytest.mark.django_db
def test_the_signin_service_refuses_a_locked_pair_before_checking_anything(personas, settings):
    checked = []
    for _ in range(settings.LOCKOUT_FAILURES):
        with pytest.raises(services.Refused):
            services.signin_attempt(
                login="worker_dajing", ip="10.20.0.4", method="password", verify=lambda: None
            )

    def verify():
        checked.append(True)
        return personas["worker_dajing"]

    with pytest.raises(services.Refused) as refused:
        services.signin_attempt(
            login="worker_dajing", ip="10.20.0.4", method="password", verify=verify
        )
    assert refused.value.status == 429 and checked == []
