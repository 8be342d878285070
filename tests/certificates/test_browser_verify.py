"""The verification page on a phone: a visitor sees the verdict and the masked holder; the
holder also sees a QR code that decodes to the page's own address. Screenshots go to
tests/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.certificates.helpers import issue
from tests.conftest import ARTIFACTS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JSQR = (
    Path(__file__).resolve().parents[2]
    / "src/threecenters/events/static/events/vendor/jsQR-1.4.0.js"
)
DECODE_QR = """async () => {
  const svg = document.querySelector('.qr svg');
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = 400; canvas.height = 400;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 400, 400);
  ctx.drawImage(img, 0, 0, 400, 400);
  const found = jsQR(ctx.getImageData(0, 0, 400, 400).data, 400, 400);
  return found ? found.data : null;
}"""


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_verification_page_on_a_phone(browser, live, world, personas, test_kind, language):
    holder = personas["resident"]
    holder.display_name = "褚居民"
    holder.save()
    cert = issue(world, personas, subject="完成“瑾栩花店免费插花课”课程学习")
    url = f"{live.url}/certificates/{cert.token}/"
    lang = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live.url}

    visitor = browser.new_context(**PHONE)
    visitor.add_cookies([lang])
    page = visitor.new_page()
    page.goto(url)
    verdict = page.locator(".verdict").inner_text()
    assert ("有效" if language == "zh-hans" else "Valid") in verdict
    body = page.locator("main").inner_text()
    assert cert.number in body and "褚**" in body and "褚居民" not in body
    assert page.locator(".qr svg").count() == 0
    assert _overflow(page) <= 0
    page.screenshot(
        path=str(ARTIFACTS / f"certificate-verify-phone-{language}.png"), full_page=True
    )

    client = Client()
    client.force_login(holder)
    own = browser.new_context(bypass_csp=True, **PHONE)  # to load jsQR into the page
    own.add_cookies(
        [
            lang,
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live.url,
            },
        ]
    )
    page = own.new_page()
    page.goto(url)
    page.add_script_tag(path=str(JSQR))
    assert page.evaluate(DECODE_QR) == url
    assert _overflow(page) <= 0
    page.screenshot(
        path=str(ARTIFACTS / f"certificate-verify-holder-phone-{language}.png"), full_page=True
    )
    visitor.close()
    own.close()
