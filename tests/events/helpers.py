"""Shared builders for the event tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from threecenters.events import services
from threecenters.events.models import Event


def published_event(world, personas, *, publish: bool = True, **options) -> Event:
    now = timezone.now()
    values = {
        "title": "茗茶飘香·百味人生",
        "venue": "大井社区党群服务中心",
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=2),
        "capacity": 10,
        "community": world["communities"]["dajing"],
    }
    values.update(options)
    center = values.pop("center", world["centers"]["civility"])
    event = services.event_create(actor=personas["civility_staff"], center=center, **values)
    if publish:
        services.event_publish(actor=personas["civility_staff"], event=event)
    return event


def starting_soon() -> dict:
    """Event times around now, so that check-in (open from 2 hours before the start) is open."""
    now = timezone.now()
    return {"starts_at": now + timedelta(minutes=30), "ends_at": now + timedelta(hours=2)}
