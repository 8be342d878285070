"""Attendance is its own table: check-in/check-out pairs, a daily limit, the check-in window."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone, translation

from tests.events.helpers import published_event, starting_soon
from tests.factories import RegistrationFactory
from threecenters.core.models import AuditEntry
from threecenters.events import services
from threecenters.events.errors import EventError
from threecenters.events.models import Attendance, Registration

pytestmark = pytest.mark.django_db
S = Registration.Status
M = Attendance.Method


@pytest.fixture
def signed_up(world, personas):
    event = published_event(world, personas, **starting_soon())
    reg = RegistrationFactory(event=event, person=personas["resident"])
    return event, reg


def pairs(reg):
    """(method, still open, recorded by) of each pair, in order."""
    return [
        (a.method, a.checked_out_at is None, a.recorded_by.username)
        for a in Attendance.objects.filter(registration=reg).select_related("recorded_by")
    ]


def test_each_check_in_opens_a_pair_and_each_check_out_closes_it(signed_up, personas):
    event, reg = signed_up
    staff = personas["civility_staff"]
    services.registration_check_in(event=event, actor=staff, code=reg.code)
    assert pairs(reg) == [(M.CODE, True, "civility_staff")]
    services.registration_check_out(registration=reg, actor=staff)
    services.registration_check_in(event=event, actor=staff, token=services.checkin_token(reg))
    services.registration_check_out(registration=reg, actor=staff)
    services.registration_check_in(event=event, actor=staff, registration=reg)
    assert pairs(reg) == [
        (M.CODE, False, "civility_staff"),
        (M.QR, False, "civility_staff"),
        (M.STAFF, True, "civility_staff"),
    ]
    reg.refresh_from_db()
    # the registration keeps working for the existing pages: checked in since the first pair
    first = Attendance.objects.filter(registration=reg).first()
    assert reg.status == S.CHECKED_IN and reg.checked_in_at == first.checked_in_at
    assert reg.checked_out_at is None
    event.refresh_from_db()
    assert event.taken == 1


def test_a_fourth_pair_in_a_day_is_refused(signed_up, personas):
    event, reg = signed_up
    staff = personas["civility_staff"]
    for _ in range(3):
        services.registration_check_in(event=event, actor=staff, registration=reg)
        services.registration_check_out(registration=reg, actor=staff)
    with translation.override("zh-hans"), pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=staff, registration=reg)
    assert err.value.code == "attendance_daily_limit" and "最多签到 3 次" in err.value.message
    assert Attendance.objects.filter(registration=reg).count() == 3


def test_check_out_before_check_in_and_overlapping_pairs_are_refused(signed_up, personas):
    event, reg = signed_up
    staff = personas["civility_staff"]
    now = timezone.now()
    with pytest.raises(EventError) as err:
        services.registration_check_out(registration=reg, actor=staff)
    assert err.value.code == "not_checked_in"

    services.registration_check_in(
        event=event, actor=staff, registration=reg, at=now - timedelta(minutes=40)
    )
    with pytest.raises(EventError) as err:  # before the pair's own check-in
        services.registration_check_out(
            registration=reg, actor=staff, at=now - timedelta(minutes=50)
        )
    assert err.value.code == "checkout_before_checkin" and "at" in err.value.fields
    services.registration_check_out(registration=reg, actor=staff, at=now - timedelta(minutes=10))
    with pytest.raises(EventError) as err:  # the pair is closed: nothing to check out
        services.registration_check_out(registration=reg, actor=staff)
    assert err.value.code == "not_checked_in"
    with pytest.raises(EventError) as err:  # inside the first pair
        services.registration_check_in(
            event=event, actor=staff, registration=reg, at=now - timedelta(minutes=20)
        )
    assert err.value.code == "attendance_overlap"
    with pytest.raises(EventError) as err:
        services.registration_check_in(
            event=event, actor=staff, registration=reg, at=now + timedelta(hours=1)
        )
    assert err.value.code == "time_in_future"
    assert Attendance.objects.filter(registration=reg).count() == 1


def test_check_in_outside_the_window_is_refused_with_a_message_and_audited(world, personas):
    staff = personas["civility_staff"]
    event = published_event(world, personas)  # starts in 3 days
    reg = RegistrationFactory(event=event, person=personas["resident"])
    with translation.override("zh-hans"), pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=staff, code=reg.code)
    assert err.value.code == "outside_checkin_window" and err.value.status == 409
    assert err.value.message.startswith("签到时间为活动开始前 2 小时至结束后 2 小时")
    with translation.override("en"), pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=staff, code=reg.code)
    assert "2 hours before the start" in err.value.message
    with pytest.raises(EventError):
        services.registration_walk_in(event=event, actor=staff, name="刘大爷", mobile="13912345678")
    refused = AuditEntry.objects.filter(
        outcome="failure", changes__refused="outside_checkin_window"
    )
    assert set(refused.values_list("action", flat=True)) == {"events.checkin", "events.walk_in"}
    reg.refresh_from_db()
    assert reg.status == S.REGISTERED and not Attendance.objects.exists()
    assert not Registration.objects.filter(walk_in=True).exists()


def test_the_window_closes_two_hours_after_the_end(world, personas):
    staff = personas["civility_staff"]
    now = timezone.now()
    late = published_event(
        world, personas, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    reg = Registration.objects.create(event=late, person=personas["volunteer"], status=S.REGISTERED)
    # an hour after the end: still open, for check-in and for check-out
    services.registration_check_in(event=late, actor=staff, registration=reg)
    services.registration_check_out(registration=reg, actor=staff)
    over = published_event(
        world, personas, starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=3)
    )
    other = Registration.objects.create(
        event=over, person=personas["resident"], status=S.REGISTERED
    )
    with pytest.raises(EventError) as err:
        services.registration_check_in(event=over, actor=staff, registration=other)
    assert err.value.code == "outside_checkin_window"


def test_a_walk_in_records_a_walk_in_pair(world, personas):
    event = published_event(world, personas, **starting_soon())
    reg = services.registration_walk_in(
        event=event, actor=personas["civility_staff"], name="刘大爷", mobile="13912345678"
    )
    assert pairs(reg) == [(M.WALK_IN, True, "civility_staff")]


def test_the_staff_page_lists_the_pairs_and_offers_a_second_check_in(signed_up, client_for):
    event, reg = signed_up
    client = client_for("civility_staff")
    url = f"/staff/events/{event.pk}/registrations/{reg.pk}/"
    client.post(url, {"action": "checkin"})
    client.post(url, {"action": "checkout"})
    page = client.get(f"/staff/events/{event.pk}/").content.decode()
    assert "再次签到" in page and "工作人员" in page
    client.post(url, {"action": "checkin"})
    assert Attendance.objects.filter(registration=reg).count() == 2


def test_the_data_migration_gives_each_old_check_in_one_pair(world, personas):
    migration = importlib.import_module(
        "threecenters.events.migrations.0003_attendance_from_check_ins"
    )
    event = published_event(world, personas)
    at = timezone.now() - timedelta(days=1)
    staff_in = Registration.objects.create(
        event=event,
        person=personas["resident"],
        status=S.CHECKED_IN,
        checked_in_at=at,
        checked_out_at=at + timedelta(hours=2),
    )
    walk_in = Registration.objects.create(
        event=event,
        person=personas["volunteer"],
        status=S.CHECKED_IN,
        checked_in_at=at,
        walk_in=True,
    )
    broken = Registration.objects.create(
        event=event,
        person=personas["leader"],
        status=S.CHECKED_IN,
        checked_in_at=at,
        checked_out_at=at - timedelta(minutes=5),  # an impossible old record
    )
    Registration.objects.create(event=event, person=personas["founder"], status=S.REGISTERED)

    migration.forwards(apps, None)

    rows = {
        a.registration_id: a
        for a in Attendance.objects.filter(registration__event=event).order_by("id")
    }
    assert set(rows) == {staff_in.pk, walk_in.pk, broken.pk}
    assert rows[staff_in.pk].method == "staff"
    assert rows[staff_in.pk].checked_in_at == at
    assert rows[staff_in.pk].checked_out_at == at + timedelta(hours=2)
    assert rows[walk_in.pk].method == "walk_in" and rows[walk_in.pk].checked_out_at is None
    assert rows[broken.pk].checked_out_at is None
    migration.backwards(apps, None)
    assert not Attendance.objects.exists()
