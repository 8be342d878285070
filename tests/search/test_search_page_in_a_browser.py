"""The search page and a case page on a phone and a desktop. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    from threecenters.core.seed import seed_everything

    seed_everything()


@pytest.mark.parametrize(("size", "options"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_search_fits_the_screen_and_highlights_matches(browser, live, demo, size, options):
    context = browser.new_context(locale="zh-CN", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live.url + "/search/")
    page.get_by_label("关键词").fill("社区小二")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".search-hits mark").first.inner_text() == "社区小二"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / f"search-{size}.png"), full_page=True)
    page.locator(".search-hits a.hit-title").first.click()
    page.wait_for_load_state()
    assert "社区小二" in page.locator("h1").inner_text()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / f"case-{size}.png"), full_page=True)
    assert not errors, errors
    context.close()
