"""Sign-in, profile, two-factor set-up and the staff resident page on a phone, in the 长辈版
too: every field labelled, no console (CSP) errors. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import pyotp
import pytest

from tests.conftest import ARTIFACTS, PASSWORD, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNLABELLED = """
() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name)
"""


def _sign_in(page, base, login):
    page.goto(base + "/accounts/signin/")
    assert page.evaluate(UNLABELLED) == []
    page.get_by_label("手机号或用户名").fill(login)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("elder", [False, True])
def test_a_resident_signs_in_and_sees_a_masked_profile(browser, live, personas, elder):
    resident = personas["resident"]
    resident.mobile = "13912345678"
    resident.save()
    context = browser.new_context(locale="zh-CN", **PHONE)
    if elder:
        context.add_cookies([{"name": "tc_elder", "value": "1", "url": live.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _sign_in(page, live.url, "13912345678")
    page.goto(live.url + "/me/")
    body = page.locator("main").inner_text()
    assert "139****5678" in body and "13912345678" not in body
    assert page.evaluate(UNLABELLED) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the profile page scrolls sideways on a phone"
    suffix = "-elder" if elder else ""
    page.screenshot(path=str(ARTIFACTS / f"people-profile-phone{suffix}.png"), full_page=True)
    page.goto(live.url + "/accounts/register/")
    assert page.url.endswith("/me/")
    assert not errors, errors
    context.close()


def test_an_auditor_sets_up_two_factor_on_a_phone(browser, live, personas):
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _sign_in(page, live.url, "auditor")
    assert page.url.endswith("/me/two-factor/")
    qr = page.locator("img.qr")
    assert qr.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(ARTIFACTS / "people-two-factor-phone.png"), full_page=True)
    secret = page.locator("code.token").inner_text()
    page.get_by_label("动态验证码").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="开启两步验证").click()
    page.wait_for_load_state()
    assert page.locator("ul.codes li").count() == 10
    page.goto(live.url + "/staff/audit/")
    assert page.locator("h1").inner_text() == "审计日志"
    page.screenshot(path=str(ARTIFACTS / "people-audit-phone.png"), full_page=True)
    assert not errors, errors
    context.close()
