"""Helpers for the people tests: valid ID numbers, mobiles, reading SMS codes."""

from __future__ import annotations

import re

import pytest

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(body17: str) -> str:
    total = sum(int(d) * w for d, w in zip(body17, _WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


def sent_texts() -> list[str]:
    """SMS queued so far (delivery waits for the commit, which these tests roll back)."""
    from threecenters.notify.models import SmsMessage

    return list(SmsMessage.objects.order_by("id").values_list("text", flat=True))


def last_code() -> str:
    """The newest code: from the memory backend's outbox once the worker sent it (a sent row
    keeps only its masked text), else from the queued rows."""
    from threecenters.notify.sms import OUTBOX

    texts = [m.text for m in OUTBOX] or sent_texts()
    for text in reversed(texts):
        found = re.search(r"\b(\d{6})\b", text)
        if found:
            return found.group(1)
    raise AssertionError("no code was sent")


@pytest.fixture
def resident_with_mobile(personas):
    user = personas["resident"]
    user.mobile = "13912345678"
    user.save()
    return user


@pytest.fixture
def one_refusal_window(monkeypatch):
    """Pin the refusal window (people.services) to the current one, so a test that counts audit
    entries never straddles a window's end; tests move tallies into the past to end it."""
    from threecenters.people import services

    window, _wait = services._refusal_window()
    monkeypatch.setattr(services, "_refusal_window", lambda: (window, 60))
    return window
