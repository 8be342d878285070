"""The home page in a real browser: zh-hans and en, phone and desktop, 长辈版 on and off.
Screenshots go to tests/screenshots/ — look at them."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    from threecenters.core.seed import seed_demo

    seed_demo()


@pytest.mark.parametrize(("size", "options"), [("phone", PHONE), ("desktop", DESKTOP)])
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_home_page_in_a_browser(browser, live, demo, size, options, lang):
    context = browser.new_context(locale="zh-CN" if lang == "zh-hans" else "en-US", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live.url + "/")
    heading = page.locator("h1").inner_text()
    assert heading == ("九江街道三中心" if lang == "zh-hans" else "九江街道 Three Centers")
    page.screenshot(path=str(ARTIFACTS / f"home-{lang}-{size}.png"), full_page=True)

    # 长辈版: larger text, remembered after a reload.
    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.locator("button.elder-toggle").click()
    page.wait_for_load_state()
    page.reload()
    assert "elder" in (page.locator("html").get_attribute("class") or "")
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main p')).lineHeight)"
        " / parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    )
    assert elder_size >= base_size * 1.25
    assert line_height >= 1.5
    page.screenshot(path=str(ARTIFACTS / f"home-{lang}-{size}-elder.png"), full_page=True)
    assert not errors, errors
    context.close()


def test_the_language_switch_and_keyboard_navigation(browser, live, demo):
    context = browser.new_context(locale="zh-CN", **DESKTOP)
    page = context.new_page()
    page.goto(live.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h2#centers-title").inner_text() == "What you can do"
    page.goto(live.url + "/news/")
    assert page.locator("h1").inner_text() == "News"
    context.close()


def test_the_404_page_in_a_browser(browser, live, demo):
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    response = page.goto(live.url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    page.screenshot(path=str(ARTIFACTS / "404-zh-hans-phone.png"))
    context.close()
