"""Every navigation entry is reachable on a 360-px phone, in Chinese, English and 长辈版, signed out
and as every persona: the menu button opens a full-screen list, every entry in it lies inside the
screen, clicking it opens the page, and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import ARTIFACTS

PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
MODES = {"zh": ("zh-hans", False), "en": ("en", False), "elder": ("zh-hans", True)}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _cookies(live_url: str, persona, language: str, elder: bool) -> list[dict]:
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
    if elder:
        cookies.append({"name": "tc_elder", "value": "1", "url": live_url})
    if persona is not None:
        client = Client()
        client.force_login(persona)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_url})
    return cookies


def _open_menu(page, live_url: str) -> list[dict]:
    page.goto(live_url + "/")
    assert page.evaluate(OVERFLOW) <= 0, "the home page scrolls sideways"
    button = page.locator(".navmenu > summary")
    box = button.bounding_box()
    assert button.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 360
    button.click()
    entries = []
    for item in page.locator(".menu-panel a, .menu-panel button").all():
        item.scroll_into_view_if_needed()
        assert item.is_visible(), item.inner_text()
        box = item.bounding_box()
        label = item.inner_text().strip()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"{label} lies off-screen"
        assert box["y"] >= -1 and box["y"] + box["height"] <= 741, f"{label} is not on screen"
        entries.append({"label": label, "href": item.get_attribute("href")})
    assert page.evaluate(OVERFLOW) <= 0, "the open menu scrolls sideways"
    return entries


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_entry_is_reachable_and_opens_on_a_360px_phone(browser, live, personas):
    clicked: set[tuple[str, str]] = set()
    for mode, (language, elder) in MODES.items():
        for name in [None, *personas]:
            persona = personas[name] if name else None
            context = browser.new_context(**PHONE_360)
            context.add_cookies(_cookies(live.url, persona, language, elder))
            page = context.new_page()
            entries = _open_menu(page, live.url)
            labels = [e["label"] for e in entries]
            assert ("退出登录" in labels or "Sign out" in labels) == (persona is not None), labels
            if name in (None, "resident", "admin", "expert"):
                page.screenshot(path=str(ARTIFACTS / f"nav-360-{mode}-{name or 'anon'}.png"))
            # every entry is clicked: each one once per mode, by the first persona that has it
            for index, entry in enumerate(entries):
                key = (mode, entry["href"] or entry["label"])
                if key in clicked:
                    continue
                clicked.add(key)
                if page.locator(".navmenu[open]").count() == 0:
                    _open_menu(page, live.url)
                item = page.locator(".menu-panel a, .menu-panel button").nth(index)
                with page.expect_navigation() as navigation:
                    item.click()
                response = navigation.value
                assert response is not None and response.status < 400, (
                    f"{mode} {name}: {entry['label']} → {response and response.status}"
                )
                assert page.locator("header.site-header").count() == 1
                if entry["href"] is None:  # signing out ends this persona's round
                    break
            context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_wide_bar_wraps_instead_of_scrolling(browser, live, personas):
    for width in (960, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.add_cookies(_cookies(live.url, personas["governance_staff"], "en", True))
        page = context.new_page()
        page.goto(live.url + "/")
        assert page.locator(".navmenu > summary").is_hidden()
        for item in page.locator(".mainnav a, .mainnav button").all():
            box = item.bounding_box()
            assert item.is_visible() and box["x"] + box["width"] <= width, item.inner_text()
        assert page.evaluate(OVERFLOW) <= 0
        page.screenshot(path=str(ARTIFACTS / f"nav-wide-{width}-en-elder.png"))
        context.close()
