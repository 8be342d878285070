"""Series: one sign-up for all sessions, or per session, as the organiser chooses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from threecenters.events import services
from threecenters.events.models import Event, Registration, Series

pytestmark = pytest.mark.django_db


def make_series(world, personas, mode, capacity=5):
    start = timezone.now() + timedelta(days=2)
    series = services.series_create(
        actor=personas["incubator_staff"],
        center=world["centers"]["incubator"],
        title="瑾栩花店插花课",
        signup_mode=mode,
        sessions=[
            (start + timedelta(days=7 * i), start + timedelta(days=7 * i, hours=2))
            for i in range(3)
        ],
        venue="瑾栩花店",
        capacity=capacity,
        kind="course_session",
    )
    for event in series.sessions.all():
        services.event_publish(actor=personas["incubator_staff"], event=event)
    return list(series.sessions.order_by("session_no"))


def test_series_mode_signs_up_for_every_session(world, personas):
    sessions = make_series(world, personas, Series.SignupMode.SERIES)
    reg, created = services.registration_create(event=sessions[1], person=personas["resident"])
    assert created and reg.event_id == sessions[1].pk
    assert Registration.objects.filter(person=personas["resident"]).count() == 3
    assert [Event.objects.get(pk=s.pk).taken for s in sessions] == [1, 1, 1]
    services.registration_cancel(registration=reg, actor=personas["resident"])
    assert [Event.objects.get(pk=s.pk).taken for s in sessions] == [0, 0, 0]


def test_session_mode_signs_up_for_one_session(world, personas):
    sessions = make_series(world, personas, Series.SignupMode.SESSION)
    services.registration_create(event=sessions[0], person=personas["resident"])
    assert Registration.objects.filter(person=personas["resident"]).count() == 1


def test_a_full_series_waitlists_for_every_session(world, personas):
    sessions = make_series(world, personas, Series.SignupMode.SERIES, capacity=1)
    services.registration_create(event=sessions[0], person=personas["resident"])
    reg, _ = services.registration_create(event=sessions[0], person=personas["volunteer"])
    assert reg.status == Registration.Status.WAITLISTED
    statuses = set(
        Registration.objects.filter(person=personas["volunteer"]).values_list("status", flat=True)
    )
    assert statuses == {Registration.Status.WAITLISTED}
