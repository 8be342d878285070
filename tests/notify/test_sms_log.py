"""The SMS log (短信发送记录): what is kept of a sent message, who may read it, what the demo
setting shows, how long a message is kept, and the console backend's output."""

import logging
from datetime import timedelta

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from threecenters.core.shell import links
from threecenters.notify.models import SmsMessage
from threecenters.notify.services import mobile_digest
from threecenters.people import services as people
from threecenters.people.models import SmsCode

MOBILE = "13611112222"


def _send_code(django_capture_on_commit_callbacks) -> str:
    """Request a registration code and run the sending task; the code that was sent."""
    from threecenters.notify.sms import OUTBOX

    with django_capture_on_commit_callbacks(execute=True):
        people.sms_code_send(mobile=MOBILE, purpose=SmsCode.Purpose.REGISTER, ip="10.0.0.1")
    return OUTBOX[-1].text.split("验证码是 ")[1][:6]


@pytest.mark.django_db
def test_a_sent_code_keeps_neither_the_number_nor_the_code(django_capture_on_commit_callbacks):
    code = _send_code(django_capture_on_commit_callbacks)
    message = SmsMessage.objects.get()
    assert message.status == SmsMessage.Status.SENT
    assert message.purpose == SmsMessage.Purpose.REGISTER
    assert message.mobile == ""
    assert message.mobile_masked == "136****2222"
    assert message.mobile_digest == mobile_digest(MOBILE) and MOBILE not in message.mobile_digest
    assert code not in message.text and code not in message.redacted_text
    assert "******" in message.text


@pytest.mark.django_db
def test_the_demo_keeps_the_code_for_the_log(settings, django_capture_on_commit_callbacks):
    settings.DEMO = True
    code = _send_code(django_capture_on_commit_callbacks)
    message = SmsMessage.objects.get()
    assert code in message.text and code not in message.redacted_text
    assert message.mobile == ""


@pytest.mark.django_db
@pytest.mark.parametrize("demo", [False, True])
def test_the_log_page_shows_masked_numbers_and_the_code_only_in_the_demo(
    settings, client_for, django_capture_on_commit_callbacks, demo
):
    settings.DEMO = demo
    code = _send_code(django_capture_on_commit_callbacks)
    page = client_for("sysadmin").get("/staff/sms/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "短信发送记录" in html and "136****2222" in html and MOBILE not in html
    assert "注册验证码" in html and "已发送" in html
    assert (code in html) is demo


@pytest.mark.django_db
def test_who_may_open_the_log(personas, client_for):
    for name in ["sysadmin", "auditor", "security", "admin"]:
        assert client_for(name).get("/staff/sms/").status_code == 200, name
        assert "短信发送记录" in [link.label for link in links("workspace", personas[name])]
    for name in ["resident", "worker_jiaolong", "incubator_staff", "expert"]:
        assert client_for(name).get("/staff/sms/").status_code == 403, name
        assert "短信发送记录" not in [link.label for link in links("workspace", personas[name])]


@pytest.mark.django_db
def test_old_messages_are_deleted_when_another_is_sent(
    settings, django_capture_on_commit_callbacks
):
    settings.SMS_LOG_DAYS = 30
    old = SmsMessage.objects.create(
        mobile_masked="139****0000", text="旧", created_at=timezone.now() - timedelta(days=31)
    )
    kept = SmsMessage.objects.create(
        mobile_masked="139****0001", text="新", created_at=timezone.now() - timedelta(days=29)
    )
    _send_code(django_capture_on_commit_callbacks)
    assert not SmsMessage.objects.filter(pk=old.pk).exists()
    assert SmsMessage.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("demo", [False, True])
def test_the_console_backend_prints_the_code_only_in_the_demo(
    settings, caplog, django_capture_on_commit_callbacks, demo
):
    settings.SMS_BACKEND = "console"
    settings.DEMO = demo
    with (
        caplog.at_level(logging.INFO, logger="threecenters.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        people.sms_code_send(mobile=MOBILE, purpose=SmsCode.Purpose.REGISTER, ip="10.0.0.1")
    line = next(r.getMessage() for r in caplog.records if r.name == "threecenters.sms")
    assert "136****2222" in line and MOBILE not in line
    assert ("******" in line) is not demo
    assert any(ch.isdigit() for ch in line.split("验证码是 ")[1][:6]) is demo


def test_the_deploy_check_refuses_the_demo_setting_without_debug(settings):
    settings.DEMO, settings.DEBUG = True, False
    ids = {e.id for e in run_checks(include_deployment_checks=True)}
    assert "threecenters.E004" in ids
    settings.DEMO = False
    assert "threecenters.E004" not in {e.id for e in run_checks(include_deployment_checks=True)}
