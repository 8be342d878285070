"""Pluggable SMS senders.

``THREECENTERS_SMS_BACKEND`` picks one:
- ``console`` (default): writes the message to the log with the number masked, and the code
  masked too unless the demo setting (``THREECENTERS_DEMO``) is on, where a tester needs it;
- ``memory``: keeps messages in ``OUTBOX`` (tests read it, like Django's mail.outbox);
- ``http``: POSTs JSON ``{"mobile", "text", "sign"}`` to ``THREECENTERS_SMS_URL`` with
  ``Authorization: Bearer THREECENTERS_SMS_TOKEN``; any non-2xx answer is an error.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from threecenters.core.masking import mask_mobile

logger = logging.getLogger("threecenters.sms")


class SmsError(Exception):
    pass


@dataclass(frozen=True)
class Sms:
    mobile: str
    text: str


OUTBOX: list[Sms] = []


def _console(mobile: str, text: str, shown: str) -> None:
    logger.info("SMS to %s: %s", mask_mobile(mobile), text if settings.DEMO else shown)


def _memory(mobile: str, text: str, shown: str) -> None:
    OUTBOX.append(Sms(mobile=mobile, text=text))


def _http(mobile: str, text: str, shown: str) -> None:
    url = settings.SMS_URL
    if not url.startswith(("https://", "http://")):
        raise SmsError("THREECENTERS_SMS_URL is not set")
    body = json.dumps({"mobile": mobile, "text": text, "sign": settings.SMS_SIGN}).encode()
    request = urllib.request.Request(  # noqa: S310 — scheme checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.SMS_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise SmsError(f"SMS gateway answered {response.status}")
    except urllib.error.URLError as exc:
        raise SmsError(f"SMS gateway unreachable: {exc.reason}") from None


BACKENDS = {"console": _console, "memory": _memory, "http": _http}


def deliver(mobile: str, text: str, *, shown: str | None = None) -> None:
    """Hand one message to the configured gateway now (callers normally queue instead).
    ``shown`` is the text with any code masked, for a backend that writes the message down."""
    BACKENDS[settings.SMS_BACKEND](mobile, text, text if shown is None else shown)
