"""A series of sessions made in one go."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import service
from threecenters.core.models import Center, User
from threecenters.events.errors import EventError
from threecenters.events.models import Series
from threecenters.events.services.organising import event_create


@service
def series_create(
    *,
    actor: User,
    center: Center,
    title: str,
    signup_mode: str,
    sessions: list[tuple[datetime, datetime]],
    venue: str,
    **options: Any,
) -> Series:
    if not sessions:
        raise EventError("no_sessions", _("系列活动至少要有一场。"), 422)
    series = Series.objects.create(
        center=center, title=title, signup_mode=signup_mode, created_by=actor
    )
    for number, (starts_at, ends_at) in enumerate(sessions, start=1):
        event_create(
            actor=actor,
            center=center,
            title=_("%(title)s（第 %(n)d 场）") % {"title": title, "n": number},
            venue=venue,
            starts_at=starts_at,
            ends_at=ends_at,
            series=series,
            session_no=number,
            **options,
        )
    audit_record(
        actor=actor, action="events.series.create", obj=series, changes={"sessions": len(sessions)}
    )
    return series
