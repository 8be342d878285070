"""The workspace in a browser: the to-do list and the approval list on a 360-px phone and a
desktop, in Chinese, English and 长辈版; a state's badge differs in words, shape and sign, not only
in colour."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, DESKTOP
from tests.events.helpers import published_event
from tests.test_navigation_on_a_phone import MODES, OVERFLOW, PHONE_360, _cookies
from threecenters.events import services
from threecenters.events.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

BADGE = """sel => { const s = getComputedStyle(document.querySelector(sel));
  const b = getComputedStyle(document.querySelector(sel), '::before');
  return {bg: s.backgroundColor, radius: s.borderTopLeftRadius, border: s.borderTopStyle,
          sign: b.content}; }"""


@pytest.fixture
def waiting(world, personas):
    event = published_event(world, personas, approval_required=True, capacity=5)
    for name in ("resident", "volunteer", "founder"):
        services.registration_create(event=event, person=personas[name])
    reg = Registration.objects.get(event=event, person=personas["founder"])
    services.registration_decide(registration=reg, actor=personas["civility_staff"], approve=False)
    return event


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_to_dos_lead_to_the_approval_list_and_a_bulk_approval(
    browser, live, personas, waiting, mode, screen
):
    language, elder = MODES[mode]
    context = browser.new_context(**(PHONE_360 if screen == "phone" else DESKTOP))
    context.add_cookies(_cookies(live.url, personas["civility_staff"], language, elder))
    page = context.new_page()
    page.goto(live.url + "/staff/")
    todo = page.locator(
        ".todo-list a", has_text="Sign-ups awaiting approval" if mode == "en" else "待审核的报名"
    )
    assert todo.count() == 1
    assert page.locator(".todo-list .count").first.inner_text() == "2"
    page.screenshot(path=str(ARTIFACTS / f"workspace-todos-{screen}-{mode}.png"), full_page=True)
    todo.click()
    page.wait_for_url("**/staff/events/approvals/")
    assert page.evaluate(OVERFLOW) <= 0, "the page itself must not scroll sideways"
    page.screenshot(path=str(ARTIFACTS / f"approvals-{screen}-{mode}.png"), full_page=True)
    for box in page.locator('input[name="registration"]').all():
        box.check()
    page.locator('button[value="approve"]').first.click()
    page.wait_for_load_state()
    assert Registration.objects.filter(event=waiting, status="registered").count() == 2
    page.screenshot(path=str(ARTIFACTS / f"approvals-done-{screen}-{mode}.png"), full_page=True)
    # the event's page: registered and rejected differ in shape and sign, not colour alone
    page.goto(live.url + f"/staff/events/{waiting.pk}/")
    good = page.evaluate(BADGE, ".table .badge.status-registered")
    bad = page.evaluate(BADGE, ".table .badge.status-rejected")
    assert good["sign"] == '"✓ "' and bad["sign"] == '"✗ "'
    assert good["radius"] != bad["radius"] and good["border"] != bad["border"]
    assert good["bg"] != bad["bg"]
    page.screenshot(path=str(ARTIFACTS / f"event-badges-{screen}-{mode}.png"), full_page=True)
    context.close()
