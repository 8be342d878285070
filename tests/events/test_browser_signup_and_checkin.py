"""On a phone-sized screen a resident signs up and sees the QR code; staff check them in by
typing the 6-digit code. Screenshots in Chinese and English go to tests/screenshots/."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import ARTIFACTS
from tests.events.helpers import published_event, starting_soon
from threecenters.events.models import Registration

CHROMIUM = "/usr/bin/chromium"
JSQR = (
    Path(__file__).resolve().parents[2]
    / "src/threecenters/events/static/events/vendor/jsQR-1.4.0.js"
)
DECODE_QR = """async () => {
  const svg = document.querySelector('.qr svg');
  const xml = new XMLSerializer().serializeToString(svg);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = 400; canvas.height = 400;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 400, 400);
  ctx.drawImage(img, 0, 0, 400, 400);
  const data = ctx.getImageData(0, 0, 400, 400);
  const found = jsQR(data.data, 400, 400);
  return found ? found.data : null;
}"""
PHONE = {"width": 390, "height": 844}


def browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not shutil.which(CHROMIUM):
        if os.environ.get("THREECENTERS_REQUIRE_BROWSER") == "1":
            pytest.fail("the browser test needs Playwright and /usr/bin/chromium")
        pytest.skip("Playwright or chromium is not installed")
    return sync_playwright


def session_cookie(user, base_url: str, language: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": base_url,
        },
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url},
    ]


@pytest.fixture
def server(transactional_db, settings):
    """A live server started after this test's settings (pytest-django's session-wide one is
    built before them, with HTTPS redirects on)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override={}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()
    # Request threads close their database connections as they end; let them, so the test
    # database can be dropped afterwards.
    for worker in threading.enumerate():
        if "process_request_thread" in worker.name:
            worker.join(timeout=10)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_resident_signs_up_on_a_phone_and_staff_check_them_in_by_code(
    server, world, personas, language, monkeypatch
):
    sync_playwright = browser_or_skip()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    personas["resident"].display_name = "褚居民"
    personas["resident"].save()
    event = published_event(world, personas, capacity=30, **starting_soon())
    base = server
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
            ],
        )
        try:
            resident = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
            resident.add_cookies(session_cookie(personas["resident"], base, language))
            page = resident.new_page()
            page.goto(f"{base}/events/{event.pk}/")
            page.screenshot(path=str(ARTIFACTS / f"events-detail-{language}.png"), full_page=True)
            page.locator("section.signup button[type=submit]").click()
            page.wait_for_url(f"{base}/events/mine/")
            qr = page.locator(".qr svg")
            qr.wait_for()
            assert qr.is_visible()
            code = page.locator(".checkin-code").inner_text().strip()
            reg = Registration.objects.get(event=event, person=personas["resident"])
            assert code == reg.code and reg.status == Registration.Status.REGISTERED
            page.screenshot(
                path=str(ARTIFACTS / f"events-my-ticket-{language}.png"), full_page=True
            )

            staff = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
            staff.add_cookies(session_cookie(personas["civility_staff"], base, language))
            desk = staff.new_page()
            desk.goto(f"{base}/staff/events/{event.pk}/checkin/")
            desk.fill("#id_code", code)
            desk.locator("#checkin-form button[type=submit]").click()
            result = desk.locator(".checkin-result")
            result.wait_for()
            expected = "签到成功" if language == "zh-hans" else "is checked in"
            assert expected in result.inner_text()
            desk.screenshot(path=str(ARTIFACTS / f"events-checkin-{language}.png"), full_page=True)
        finally:
            browser.close()
            # Code inside the Playwright block runs in its own context and so opened its own
            # database connection; close it, or the test database cannot be dropped.
            connection.close()
    reg.refresh_from_db()
    assert reg.status == Registration.Status.CHECKED_IN
