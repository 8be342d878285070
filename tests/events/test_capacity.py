"""Capacity: never below the seats taken, and the database itself refuses overbooking."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from tests.conftest import make_user
from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Event
from threecenters.events.services import EventError

pytestmark = pytest.mark.django_db


def test_lowering_capacity_below_the_count_is_refused_with_the_number(world, personas):
    event = published_event(world, personas, capacity=5)
    for i in range(3):
        services.registration_create(event=event, person=make_user(f"c{i}"))
    with pytest.raises(EventError) as err:
        services.event_update(
            actor=personas["civility_staff"], event=event, changes={"capacity": 2}
        )
    assert err.value.code == "capacity_below_taken" and "3" in err.value.message
    event.refresh_from_db()
    assert event.capacity == 5


def test_the_database_refuses_taking_more_seats_than_capacity(world, personas):
    event = published_event(world, personas, capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(taken=F("taken") + 2)


def test_unlimited_events_count_but_never_fill(world, personas):
    event = published_event(world, personas, capacity=0)
    for i in range(15):
        services.registration_create(event=event, person=make_user(f"u{i}"))
    event.refresh_from_db()
    assert event.taken == 15 and event.seats_left is None


def test_the_database_decides_even_when_the_event_was_read_as_full(world, personas):
    event = published_event(world, personas, capacity=1)
    holder, _ = services.registration_create(event=event, person=make_user("holder"))
    stale = Event.objects.get(pk=event.pk)  # reads taken == 1: looks full
    services.registration_cancel(registration=holder, actor=holder.person)
    reg, _ = services.registration_create(event=stale, person=personas["resident"])
    assert reg.status == "registered"


def test_the_database_decides_even_when_the_event_was_read_as_free(world, personas):
    event = published_event(world, personas, capacity=1)
    stale = Event.objects.get(pk=event.pk)  # reads taken == 0: looks free
    services.registration_create(event=event, person=make_user("first"))
    reg, _ = services.registration_create(event=stale, person=personas["resident"])
    assert reg.status == "waitlisted"
    assert Event.objects.get(pk=event.pk).taken == 1
