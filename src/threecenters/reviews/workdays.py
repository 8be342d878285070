"""Working days: Monday to Friday, minus the public holidays and plus the make-up working days
(调休) staff keep in the ``Holiday`` table. Dates are local (``TIME_ZONE``, Asia/Shanghai)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from threecenters.reviews.models import Holiday

CHUNK_DAYS = 62  # one query per two months looked at


def _overrides(start: date, end: date) -> dict[date, str]:
    return dict(Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", "kind"))


def is_working_day(day: date, overrides: dict[date, str] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    kind = overrides.get(day)
    if kind == Holiday.Kind.WORKDAY:
        return True
    if kind == Holiday.Kind.OFF:
        return False
    return day.weekday() < 5


def nth_working_day_after(day: date, n: int) -> date:
    """The n-th working day after ``day`` (``day`` itself is not counted)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    counted = 0
    current = day
    while True:
        chunk_end = current + timedelta(days=CHUNK_DAYS)
        overrides = _overrides(current + timedelta(days=1), chunk_end)
        while current < chunk_end:
            current += timedelta(days=1)
            if is_working_day(current, overrides):
                counted += 1
                if counted == n:
                    return current


def publicity_window(at: datetime, days: int) -> tuple[datetime, datetime]:
    """A 公示 entered at ``at`` runs from that moment to the end (local midnight) of the
    ``days``-th full working day after the day it was entered."""
    tz = timezone.get_default_timezone()
    local_day = timezone.localtime(at, tz).date()
    last = nth_working_day_after(local_day, days)
    ends = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return at, ends


def local_last_day(ends_at: datetime) -> date:
    """The last day of a period that ends at local midnight (for "公示至 X 日")."""
    return (timezone.localtime(ends_at) - timedelta(microseconds=1)).date()
