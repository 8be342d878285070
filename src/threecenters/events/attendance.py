"""Attendance: check-in/check-out pairs and the check-in window.

Each check-in opens a pair (``Attendance``), each check-out closes the open one; a participant
may have up to the kind's ``pairs_per_day`` pairs in one day (volunteer hours count them). The
database keeps at most one pair open per registration and no pair ending before it starts; the
rules here give the clear refusals. Check-in, walk-ins and check-out are accepted only inside the
kind's window around the event (by default from 2 hours before the start to 2 hours after the
end). The registration services (``events.services``) call these inside their transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from threecenters.core.kit import refusal_audit
from threecenters.core.models import User
from threecenters.events import kinds
from threecenters.events.errors import EventError
from threecenters.events.models import Attendance, Event, Registration

Method = Attendance.Method


def window(event: Event) -> tuple[datetime, datetime]:
    """When check-in is accepted: [start − opens_before, end + closes_after] of the kind."""
    kind = kinds.of(event)
    return event.starts_at - kind.checkin_opens_before, event.ends_at + kind.checkin_closes_after


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(n)d 天", "%(n)d 天", days) % {"n": days}
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d 小时", "%(n)d 小时", hours) % {"n": hours}
    return ngettext("%(n)d 分钟", "%(n)d 分钟", minutes) % {"n": minutes}


def check_window(*, event: Event, actor: User, at: datetime, action: str) -> None:
    """Refuse (audited) a check-in, walk-in or check-out outside the event's window."""
    opens, closes = window(event)
    if opens <= at <= closes:
        return
    kind = kinds.of(event)
    message = _(
        "签到时间为活动开始前 %(before)s至结束后 %(after)s（%(opens)s 至 %(closes)s）。"
    ) % {
        "before": _span(kind.checkin_opens_before),
        "after": _span(kind.checkin_closes_after),
        "opens": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M"),
        "closes": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M"),
    }
    refusal_audit(
        actor=actor, action=action, obj=event, changes={"refused": "outside_checkin_window"}
    )
    raise EventError("outside_checkin_window", message, 409)


def when(at: datetime | None) -> datetime:
    """The time a check-in or check-out is recorded for: now, or a time staff enter (not later
    than now)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now + timedelta(minutes=1):
        message = _("签到、签退时间不能晚于现在。")
        raise EventError("time_in_future", message, 422, {"at": [message]})
    return at


def open_pair(
    *, registration: Registration, event: Event, actor: User, method: str, at: datetime
) -> Attendance:
    """Open a check-in/check-out pair at ``at``. Refused: while a pair is open, when ``at`` falls
    inside or before an earlier pair, and beyond the kind's pairs per day."""
    pairs = list(Attendance.objects.filter(registration=registration).order_by("checked_in_at"))
    if any(p.checked_out_at is None for p in pairs):
        raise EventError("already_checked_in", _("已签到，请先签退。"))
    if any(at < p.checked_out_at for p in pairs):
        raise EventError("attendance_overlap", _("签到时间与已有的签到记录重叠。"))
    day = timezone.localtime(at).date()
    limit = kinds.of(event).pairs_per_day
    if sum(1 for p in pairs if timezone.localtime(p.checked_in_at).date() == day) >= limit:
        message = ngettext("每人每天最多签到 %(n)d 次。", "每人每天最多签到 %(n)d 次。", limit)
        raise EventError("attendance_daily_limit", message % {"n": limit})
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                registration=registration, checked_in_at=at, method=method, recorded_by=actor
            )
    except IntegrityError:  # a pair was opened meanwhile (the one-open-pair constraint)
        raise EventError("already_checked_in", _("已签到，请先签退。")) from None


def close_pair(*, registration: Registration, actor: User, at: datetime) -> Attendance:
    """Close the open pair at ``at``; refused without an open pair or before its check-in."""
    pair = Attendance.objects.filter(registration=registration, checked_out_at__isnull=True).first()
    if pair is None:
        if Attendance.objects.filter(registration=registration).exists():
            raise EventError("not_checked_in", _("已签退，再次签到后才能签退。"))
        raise EventError("not_checked_in", _("签到后才能签退。"))
    if at < pair.checked_in_at:
        message = _("签退时间不能早于签到时间。")
        raise EventError("checkout_before_checkin", message, 422, {"at": [message]})
    closed = Attendance.objects.filter(pk=pair.pk, checked_out_at__isnull=True).update(
        checked_out_at=at, checked_out_by=actor
    )
    if not closed:
        raise EventError("changed", _("报名状态已被他人修改，请刷新后再试。"))
    pair.checked_out_at, pair.checked_out_by = at, actor
    return pair


def has_open_pair(registration: Registration) -> bool:
    return Attendance.objects.filter(
        registration=registration, checked_out_at__isnull=True
    ).exists()
