"""Registering by SMS on a 360-px phone in a demo-like setup (the live server, tasks run in
process, the memory SMS backend, the demo setting on), without JavaScript: the password rule
shows before typing, 获取验证码 sits beside the code field, the code arrives in the SMS log
(短信发送记录) a tester reads, a password the rules refuse is told and leaves the code usable,
and the fixed form creates the account. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.conftest import ARTIFACTS
from threecenters.core.models import User
from threecenters.people.models import SmsCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
MOBILE = "13655556666"


def _signed_in_cookies(user, url: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": url}]


def _code_from_the_sms_log(browser, live, staff) -> str:
    """What a tester of the demo does: open 短信发送记录 as staff and read the newest code."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, **PHONE_360)
    context.add_cookies(_signed_in_cookies(staff, live.url))
    page = context.new_page()
    page.goto(live.url + "/staff/")
    page.get_by_role("link", name="短信发送记录").first.click()
    page.wait_for_load_state()
    row = page.locator("tbody tr").first
    text = row.inner_text()
    assert "136****6666" in text and MOBILE not in text and "注册验证码" in text
    assert page.evaluate(OVERFLOW) <= 0, "the SMS log scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / "sms-log-demo-360.png"), full_page=True)
    context.close()
    return re.search(r"\b(\d{6})\b", text.split("136****6666", 1)[1]).group(1)


def test_a_new_resident_registers_by_sms_at_360px(browser, live, world, personas, settings):
    settings.DEMO = True
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, **PHONE_360)
    page = context.new_page()
    page.goto(live.url + "/accounts/register/")

    # the rule is there before anyone types, and the field points at it
    password = page.locator("#id_password1")
    help_id = password.get_attribute("aria-describedby")
    assert help_id == "id_password1_helptext"
    help_text = page.locator(f"#{help_id}")
    assert help_text.is_visible() and "至少 8 个字符" in help_text.inner_text()
    # 获取验证码 beside the code field, inside the screen
    code_box = page.locator("#id_code").bounding_box()
    send = page.get_by_role("button", name="获取验证码")
    send_box = send.bounding_box()
    assert abs(send_box["y"] - code_box["y"]) < code_box["height"], "the button is not beside"
    assert send_box["x"] > code_box["x"] and send_box["x"] + send_box["width"] <= 360
    assert page.evaluate(OVERFLOW) <= 0, "the form scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / "register-360-empty.png"), full_page=True)

    page.get_by_label("手机号").fill(MOBILE)
    send.click()
    page.wait_for_load_state()
    assert "验证码已发送" in page.locator("body").inner_text()
    code = _code_from_the_sms_log(browser, live, personas["admin"])

    page.locator("#id_code").fill(code)
    page.get_by_label("姓名").fill("黄新居")
    page.get_by_label("所在社区").select_option(str(world["communities"]["jiaolong"].pk))
    page.locator("#id_password1").fill("abcdefgh")
    page.locator("#id_password2").fill("abcdefgh")
    page.get_by_label("我已阅读并同意《个人信息保护说明》").check()
    page.get_by_role("button", name="注册").last.click()
    page.wait_for_load_state()
    error = page.locator("#id_password1_error")
    assert error.is_visible() and "至少三类" in error.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(ARTIFACTS / "register-360-weak-password.png"), full_page=True)
    assert not User.objects.filter(mobile=MOBILE).exists()
    row = SmsCode.objects.filter(mobile=MOBILE, purpose="register").latest("id")
    assert row.used_at is None and row.attempts == 0, "the refused form spent the code"

    # what was typed is kept (the code too); the passwords are typed again
    assert page.locator("#id_code").input_value() == code
    page.locator("#id_password1").fill("Qiao-Tou-2026")
    page.locator("#id_password2").fill("Qiao-Tou-2026")
    page.get_by_role("button", name="注册").last.click()
    page.wait_for_load_state()
    assert page.url.endswith("/me/"), page.url
    assert "注册成功" in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "register-360-done.png"), full_page=True)
    assert User.objects.filter(mobile=MOBILE).exists()
    assert SmsCode.objects.filter(mobile=MOBILE, purpose="register").latest("id").used_at
    context.close()
