"""Shared builders for the event tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.factories import EventFactory
from threecenters.events.models import Event


def published_event(world, personas, *, publish: bool = True, **options) -> Event:
    """An event of the civility center in 大井, made by its staff (``EventFactory``)."""
    options.setdefault("community", world["communities"]["dajing"])
    options.setdefault("center", world["centers"]["civility"])
    return EventFactory(actor=personas["civility_staff"], publish=publish, **options)


def starting_soon() -> dict:
    """Event times around now, so that check-in (open from 2 hours before the start) is open."""
    now = timezone.now()
    return {"starts_at": now + timedelta(minutes=30), "ends_at": now + timedelta(hours=2)}
