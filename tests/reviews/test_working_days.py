"""Working days are Monday–Friday, minus public holidays, plus make-up working days (调休); a
公示 of N working days ends at the local midnight after the N-th full working day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from threecenters.reviews.models import Holiday
from threecenters.reviews.workdays import (
    is_working_day,
    local_last_day,
    nth_working_day_after,
    publicity_window,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_weekends_are_skipped():
    friday = dt.date(2026, 3, 6)
    assert nth_working_day_after(friday, 1) == dt.date(2026, 3, 9)  # Monday
    assert nth_working_day_after(friday, 5) == dt.date(2026, 3, 13)  # the next Friday
    monday = dt.date(2026, 3, 9)
    assert nth_working_day_after(monday, 5) == dt.date(2026, 3, 16)


def test_a_public_holiday_is_not_a_working_day():
    Holiday.objects.create(day=dt.date(2026, 3, 11), kind=Holiday.Kind.OFF, name="测试假日")
    assert not is_working_day(dt.date(2026, 3, 11))
    assert nth_working_day_after(dt.date(2026, 3, 9), 5) == dt.date(2026, 3, 17)


def test_a_make_up_working_day_on_a_weekend_counts():
    # National Day 2026: 1–7 October off, Saturday 10 October worked instead (调休)
    for day in range(1, 8):
        Holiday.objects.create(day=dt.date(2026, 10, day), kind=Holiday.Kind.OFF, name="国庆节")
    Holiday.objects.create(day=dt.date(2026, 10, 10), kind=Holiday.Kind.WORKDAY, name="国庆调休")
    assert is_working_day(dt.date(2026, 10, 10))  # a Saturday
    # from 30 September: 8 (Thu), 9 (Fri), 10 (Sat, worked), 12 (Mon), 13 (Tue)
    assert nth_working_day_after(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)


def test_a_window_ends_at_local_midnight_after_the_last_working_day():
    entered = dt.datetime(2026, 3, 6, 16, 30, tzinfo=SHANGHAI)  # a Friday afternoon
    starts, ends = publicity_window(entered, 5)
    assert starts == entered
    assert ends == dt.datetime(2026, 3, 14, 0, 0, tzinfo=SHANGHAI)
    assert local_last_day(ends) == dt.date(2026, 3, 13)


def test_the_shanghai_date_decides_not_utc():
    # 23:30 UTC on Sunday is already Monday 07:30 in Shanghai: Monday is the entry day
    entered = dt.datetime(2026, 3, 8, 23, 30, tzinfo=dt.UTC)
    _starts, ends = publicity_window(entered, 1)
    assert local_last_day(ends) == dt.date(2026, 3, 10)
