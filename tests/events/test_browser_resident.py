"""Events as residents use them, in a real browser on a 360-px phone and a desktop, in Chinese,
English and 长辈版: list filters fold behind 筛选 on the phone so the first result is on the first
screen (and stand open on the desktop); a full event says 加入候补 before and after sign-in;
我的活动 lists upcoming events soonest first, then past ones, then cancelled ones; cancelling
asks first, says what it cancels, and works from the keyboard. Screenshots go to
tests/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS
from tests.events.helpers import published_event
from tests.governance.factories import make_case
from tests.test_navigation_on_a_phone import MODES, OVERFLOW, PHONE_360, _cookies
from threecenters.events import services
from threecenters.events.models import Event, Registration

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
VIEWPORTS = {"360": PHONE_360, "desktop": DESKTOP}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live, persona, mode: str, viewport: str):
    language, elder = MODES[mode]
    context = browser.new_context(**VIEWPORTS[viewport])
    context.add_cookies(_cookies(live.url, persona, language, elder))
    return context, context.new_page()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _on_first_screen(page, selector: str) -> None:
    height = page.viewport_size["height"]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["y"] + box["height"] <= height, f"{selector} is below the first screen ({box})"


def test_list_filters_fold_on_a_phone_and_stand_open_on_a_desktop(browser, live, world, personas):
    for n in range(3):
        published_event(world, personas, title=f"邻里活动{n}")
    make_case(world, personas, title="楼道微更新")
    pages = {
        "events": ("/events/?kind=activity", "#f-center", ".event-list li a", 1),
        "cases": ("/cases/", "#f-community", "main .list li a", 0),
        "search": ("/search/?q=楼道&type=case", "#id_community", ".search-hits li a", 1),
    }
    for mode in MODES:
        for viewport in VIEWPORTS:
            context, page = _page(browser, live, None, mode, viewport)
            for name, (url, a_filter, first_result, active) in pages.items():
                page.goto(live.url + url)
                assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways"
                toggle = page.locator(".filter-fold > summary")
                if viewport == "360":
                    assert toggle.is_visible() and page.locator(a_filter).is_hidden(), name
                    label = toggle.inner_text()
                    assert ("筛选" in label) or ("Filters" in label), label
                    if active:
                        assert ("已选 1 项" in label) or ("1 selected" in label), label
                    _on_first_screen(page, first_result)
                    _shot(page, f"filters-{name}-360-{mode}-folded")
                    toggle.focus()
                    page.keyboard.press("Enter")  # the button opens them from the keyboard
                    assert page.locator(a_filter).is_visible(), name
                    _shot(page, f"filters-{name}-360-{mode}-open")
                else:
                    assert toggle.is_hidden() and page.locator(a_filter).is_visible(), name
                    _on_first_screen(page, first_result)
                    _shot(page, f"filters-{name}-desktop-{mode}")
            context.close()


def test_a_full_event_offers_the_waitlist_before_and_after_sign_in(browser, live, world, personas):
    event = published_event(world, personas, title="满员的茶艺课", capacity=1)
    services.registration_create(event=event, person=personas["volunteer"])
    for mode in MODES:
        for viewport in VIEWPORTS:
            for who in (None, "resident"):
                persona = personas[who] if who else None
                context, page = _page(browser, live, persona, mode, viewport)
                page.goto(f"{live.url}/events/{event.pk}/")
                button = page.locator(".signup .button.primary")
                text = button.inner_text()
                assert ("加入候补" in text) or ("join the waitlist" in text.lower()), text
                box = button.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
                state = page.locator(".badge.state").inner_text()
                assert state in ("可候补", "Waitlist open"), state
                assert page.evaluate(OVERFLOW) <= 0
                _shot(page, f"waitlist-{viewport}-{mode}-{who or 'anon'}")
                if who and mode == "zh" and viewport == "360":  # joining puts one on the list
                    with page.expect_navigation():
                        button.click()
                    reg = Registration.objects.get(event=event, person=persona)
                    assert reg.status == Registration.Status.WAITLISTED
                    services.registration_cancel(registration=reg, actor=persona)
                context.close()


def test_my_events_in_groups_and_a_cancellation_that_asks_first(browser, live, world, personas):
    now = timezone.now()
    resident = personas["resident"]

    def signed(title, days):
        event = published_event(world, personas, title=title)
        reg, _created = services.registration_create(event=event, person=resident)
        starts = now + timedelta(days=days)
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
        return reg

    # one upcoming sign-up for each mode to cancel, soonest first
    to_cancel = {mode: signed(f"第{n + 1}近的活动", n + 1) for n, mode in enumerate(MODES)}
    signed("下个月的活动", 30)
    signed("上周的活动", -7)
    signed("昨天的活动", -1)
    gone = signed("早已取消的活动", 10)
    services.registration_cancel(registration=gone, actor=resident)

    for mode in MODES:
        for viewport in VIEWPORTS:
            context, page = _page(browser, live, resident, mode, viewport)
            page.goto(live.url + "/events/mine/")
            assert page.evaluate(OVERFLOW) <= 0
            headings = page.locator(".mine-group h2").all_inner_texts()
            assert len(headings) == 3, headings
            titles = {
                key: page.locator(f".mine-{key} .ticket > a").all_inner_texts()
                for key in ("upcoming", "past", "stopped")
            }
            upcoming = titles["upcoming"]
            assert upcoming[-1] == "下个月的活动" and upcoming == sorted(upcoming, key=_rank)
            assert titles["past"] == ["昨天的活动", "上周的活动"]
            assert "早已取消的活动" in titles["stopped"]
            _on_first_screen(page, ".mine-upcoming .ticket > a")
            _shot(page, f"mine-{viewport}-{mode}")
            if viewport == "360":
                reg = to_cancel[mode]
                ticket = page.locator(".mine-upcoming .ticket").first
                assert ticket.locator("> a").inner_text() == reg.event.title
                summary = ticket.locator(".confirm-cancel > summary")
                summary.focus()
                page.keyboard.press("Enter")  # opens the confirmation step
                body = ticket.locator(".confirm-body")
                assert body.is_visible() and reg.event.title in body.inner_text()
                _shot(page, f"cancel-confirm-360-{mode}")
                page.keyboard.press("Tab")
                focused = page.evaluate("document.activeElement.textContent")
                assert focused in ("确认取消报名", "Yes, cancel my sign-up"), focused
                assert Registration.objects.get(pk=reg.pk).status == Registration.Status.REGISTERED
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert page.locator(".msg-success").inner_text() in (
                    "已取消报名。",
                    "Registration cancelled.",
                )
                stopped = page.locator(".mine-stopped .ticket > a").all_inner_texts()
                assert reg.event.title in stopped
                status = Registration.objects.get(pk=reg.pk).status
                assert status == Registration.Status.CANCELLED_BY_PERSON
                _shot(page, f"cancel-done-360-{mode}")
            context.close()


def _rank(title: str) -> int:
    order = ["第1近的活动", "第2近的活动", "第3近的活动", "下个月的活动"]
    return order.index(title) if title in order else -1
