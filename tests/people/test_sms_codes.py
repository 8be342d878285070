from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.people.conftest import last_code, sent_texts
from threecenters.core.models import AuditEntry
from threecenters.people.models import SmsCode

MOBILE = "13912345678"


def _send(client, mobile=MOBILE):
    return client.post("/accounts/signin/code/", {"mobile": mobile, "send": "1"})


def _sign_in(client, code, mobile=MOBILE):
    return client.post("/accounts/signin/code/", {"mobile": mobile, "code": code, "verify": "1"})


@pytest.mark.django_db
def test_a_code_signs_in_once_and_is_stored_hashed(resident_with_mobile):
    client = Client()
    _send(client)
    code = last_code()
    assert len(code) == 6
    assert not SmsCode.objects.filter(code_hash__contains=code).exists()
    assert _sign_in(client, code).status_code == 302
    replay = _sign_in(Client(), code)
    assert replay.status_code == 200 and "已使用过" in replay.content.decode()
    assert AuditEntry.objects.filter(action="sms.code_rejected").exists()


@pytest.mark.django_db
def test_a_wrong_code_is_refused(resident_with_mobile):
    client = Client()
    _send(client)
    response = _sign_in(client, "000000" if last_code() != "000000" else "111111")
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_an_expired_code_is_refused(resident_with_mobile):
    client = Client()
    _send(client)
    SmsCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _sign_in(client, last_code())
    assert "已过期" in response.content.decode()


@pytest.mark.django_db
def test_codes_live_five_minutes(resident_with_mobile):
    _send(Client())
    code = SmsCode.objects.get()
    assert code.expires_at - code.created_at == timedelta(seconds=300)


@pytest.mark.django_db
def test_too_many_wrong_tries_burn_the_code(resident_with_mobile, settings):
    client = Client(REMOTE_ADDR="10.1.1.1")
    _send(client)
    good = last_code()
    for _ in range(settings.SMS_CODE_ATTEMPTS):
        _sign_in(Client(REMOTE_ADDR="10.1.1.2"), "999999" if good != "999999" else "888888")
    assert "次数太多" in _sign_in(Client(REMOTE_ADDR="10.1.1.3"), good).content.decode()


@pytest.mark.django_db
def test_one_number_gets_one_code_a_minute(resident_with_mobile):
    client = Client()
    _send(client)
    second = _send(client)
    assert "太频繁" in second.content.decode()
    assert len(sent_texts()) == 1


@pytest.mark.django_db
def test_one_number_has_a_daily_limit(resident_with_mobile, settings):
    settings.SMS_NUMBER_INTERVAL = 0
    settings.SMS_NUMBER_DAILY = 3
    for _ in range(4):
        response = _send(Client())
    assert "次数已达上限" in response.content.decode()
    assert len(sent_texts()) == 3


@pytest.mark.django_db
def test_one_address_has_an_hourly_limit(personas, settings):
    settings.SMS_IP_HOURLY = 2
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(3):
        response = _send(client, mobile=f"1391234560{n}")
    assert "此网络发送验证码太频繁" in response.content.decode()
    assert AuditEntry.objects.filter(action="sms.limited").exists()


@pytest.mark.django_db
def test_an_unknown_number_gets_the_same_answer_and_no_message(personas):
    response = _send(Client(), mobile="13700000000")
    assert "如果该手机号已注册" in response.content.decode()
    assert sent_texts() == []


@pytest.mark.django_db
def test_a_malformed_number_is_refused(personas):
    response = _send(Client(), mobile="12345")
    assert "11 位" in response.content.decode()
    assert SmsCode.objects.count() == 0
