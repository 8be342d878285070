"""API tokens follow the account: a new one needs the password (and the TOTP code when two-factor
is on), tokens expire by default (THREECENTERS_TOKEN_DAYS), and a password change, a reset by
SMS code, "sign out everywhere" and an administrator ending someone's sessions revoke them."""

import re
from datetime import timedelta
from importlib import import_module

import pyotp
import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.people.conftest import last_code
from threecenters.cli import main
from threecenters.core.models import AuditEntry
from threecenters.people import services
from threecenters.people.models import ApiToken, TwoFactor


def _raw(page) -> str | None:
    found = re.search(r"\b(tc_[A-Za-z0-9_-]{20,})", page.content.decode())
    return found.group(1) if found else None


def _works(raw: str) -> bool:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 200


def _enable_two_factor(user) -> str:
    secret = services.totp_begin(user=user)
    services.totp_confirm(user=user, code=pyotp.TOTP(secret).now())
    TwoFactor.objects.filter(user=user).update(last_step=0)  # let the test use the same step
    return secret


@pytest.mark.django_db
def test_a_new_token_on_the_page_needs_the_password(client_for, personas):
    client = client_for("resident")
    missing = client.post("/me/tokens/", {"name": "脚本"})
    assert missing.status_code == 422 and _raw(missing) is None
    wrong = client.post("/me/tokens/", {"name": "脚本", "password": "not-it"})
    assert wrong.status_code == 400 and "密码不正确" in wrong.content.decode()
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="auth.confirm", outcome="failure").exists()
    ok = client.post("/me/tokens/", {"name": "脚本", "password": PASSWORD})
    assert ok.status_code == 200 and _works(_raw(ok))


@pytest.mark.django_db
def test_wrong_passwords_on_the_token_page_count_towards_the_lockout(client_for, settings):
    client = client_for("resident")
    for _ in range(settings.LOCKOUT_FAILURES):
        client.post("/me/tokens/", {"name": "脚本", "password": "not-it"})
    locked = client.post("/me/tokens/", {"name": "脚本", "password": PASSWORD})
    assert locked.status_code == 429 and _raw(locked) is None


@pytest.mark.django_db
def test_with_two_factor_on_a_new_token_needs_the_code_too(client_for, personas):
    secret = _enable_two_factor(personas["resident"])
    client = client_for("resident")
    assert 'name="code"' in client.get("/me/tokens/").content.decode()
    no_code = client.post("/me/tokens/", {"name": "脚本", "password": PASSWORD})
    assert no_code.status_code == 422 and _raw(no_code) is None
    bad = client.post("/me/tokens/", {"name": "脚本", "password": PASSWORD, "code": "000000"})
    assert bad.status_code == 400 and _raw(bad) is None
    good = client.post(
        "/me/tokens/", {"name": "脚本", "password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert _works(_raw(good)) and ApiToken.objects.get().two_factor


@pytest.mark.django_db
def test_tokens_expire_by_default_and_the_page_allows_no_later_date(
    client_for, personas, settings, capsys
):
    settings.TOKEN_DAYS = 30
    client = client_for("resident")
    client.post("/me/tokens/", {"name": "页面", "password": PASSWORD})
    assert main(["token", "create", "worker_dajing", "--name", "命令行"]) == 0
    assert "expires" in capsys.readouterr().err
    for token in ApiToken.objects.all():
        assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    late = (timezone.localdate() + timedelta(days=45)).isoformat()
    refused = client.post("/me/tokens/", {"name": "晚", "password": PASSWORD, "expires": late})
    assert refused.status_code == 422 and "令牌最长有效 30 天" in refused.content.decode()
    # the operator on the server may choose another date
    assert main(["token", "create", "worker_dajing", "--name", "长期", "--expires", late]) == 0
    chosen = timezone.localtime(ApiToken.objects.get(name="长期").expires_at).date()
    assert chosen == timezone.localdate() + timedelta(days=45)


def _tokens_of(user, n=2) -> list[str]:
    return [services.token_create(actor=None, user=user, name=f"t{i}")[1] for i in range(n)]


@pytest.mark.django_db
def test_a_password_change_revokes_the_tokens(client_for, personas):
    raws = _tokens_of(personas["resident"])
    response = client_for("resident").post(
        "/me/password/",
        {"old_password": PASSWORD, "password1": "New-Pass-2026", "password2": "New-Pass-2026"},
    )
    assert response.status_code == 302
    assert not any(_works(raw) for raw in raws)
    entry = AuditEntry.objects.get(action="token.revoke_all")
    assert entry.changes == {"count": 2, "reason": "password"}


@pytest.mark.django_db
def test_a_wrong_current_password_counts_towards_the_lockout(client_for, settings):
    client = client_for("resident")
    for _ in range(settings.LOCKOUT_FAILURES):
        client.post(
            "/me/password/",
            {"old_password": "not-it", "password1": "New-Pass-2026", "password2": "New-Pass-2026"},
        )
    locked = client.post(
        "/me/password/",
        {"old_password": PASSWORD, "password1": "New-Pass-2026", "password2": "New-Pass-2026"},
    )
    assert "尝试次数太多" in locked.content.decode()


@pytest.mark.django_db
def test_a_reset_by_sms_code_revokes_the_tokens(resident_with_mobile):
    raws = _tokens_of(resident_with_mobile)
    client = Client()
    client.post("/accounts/reset/", {"mobile": "13912345678", "send": "1"})
    client.post(
        "/accounts/reset/",
        {
            "mobile": "13912345678",
            "code": last_code(),
            "password1": "New-Pass-2026",
            "password2": "New-Pass-2026",
        },
    )
    assert not any(_works(raw) for raw in raws)


@pytest.mark.django_db
def test_signing_out_everywhere_revokes_the_tokens(client_for, personas):
    raws = _tokens_of(personas["resident"])
    client_for("resident").post("/me/signout-everywhere/")
    assert not any(_works(raw) for raw in raws)
    assert AuditEntry.objects.filter(action="token.revoke_all", actor=personas["resident"]).exists()


@pytest.mark.django_db
def test_an_administrator_ending_someones_sessions_revokes_their_tokens(client_for, personas):
    target = personas["resident"]
    raws = _tokens_of(target)
    client_for("security").post(f"/staff/accounts/{target.public_number}/signout/")
    assert not any(_works(raw) for raw in raws)
    entry = AuditEntry.objects.get(action="token.revoke_all")
    assert entry.actor == personas["security"] and entry.object_id == str(target.pk)


@pytest.mark.django_db
def test_an_account_that_must_use_two_factor_gets_tokens_only_after_the_code(
    client_for, personas, capsys
):
    auditor = personas["auditor"]
    # the operator's command cannot make one without the second factor
    assert main(["token", "create", "auditor"]) == 1
    assert "两步验证" in capsys.readouterr().err
    # a token made before the rule (or before the role) does not open the door
    token, raw = services.token_create(
        actor=None, user=personas["resident"], name="old", expires_at=None
    )
    ApiToken.objects.filter(pk=token.pk).update(user=auditor)
    assert not _works(raw)
    # made on the page with the password and the code, it works
    secret = _enable_two_factor(auditor)
    page = client_for("auditor").post(
        "/me/tokens/", {"name": "审计", "password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert _works(_raw(page))


@pytest.mark.django_db
def test_the_migration_gives_open_tokens_an_expiry(personas, settings):
    token, _raw_value = services.token_create(actor=None, user=personas["resident"], name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    migration = import_module("threecenters.people.migrations.0002_refusal_tally_token_two_factor")
    migration.expire_open_tokens(apps, None)
    token.refresh_from_db()
    assert token.expires_at - timezone.now() > timedelta(days=settings.TOKEN_DAYS - 1)
