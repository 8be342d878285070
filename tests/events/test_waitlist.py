"""The waitlist: promotion in the cancellation's transaction, reordering, promotion by hand."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.events.helpers import published_event
from tests.factories import RegistrationFactory
from threecenters.events import services
from threecenters.events.models import Registration
from threecenters.events.services import EventError
from threecenters.notify.models import Notification

pytestmark = pytest.mark.django_db
S = Registration.Status


def fill(event, n, prefix="p"):
    return [RegistrationFactory(event=event, person=make_user(f"{prefix}{i}")) for i in range(n)]


def test_a_cancellation_promotes_the_first_waitlisted_and_tells_them(world, personas):
    event = published_event(world, personas, capacity=2)
    first, second, third, fourth = fill(event, 4)
    assert [r.status for r in (third, fourth)] == [S.WAITLISTED, S.WAITLISTED]
    services.registration_cancel(registration=first, actor=first.person)
    third.refresh_from_db()
    fourth.refresh_from_db()
    event.refresh_from_db()
    assert third.status == S.REGISTERED and fourth.status == S.WAITLISTED
    assert event.taken == 2
    assert Notification.objects.filter(user=third.person, kind="events.promoted").exists()


def test_organisers_reorder_the_waitlist(world, personas):
    event = published_event(world, personas, capacity=1)
    holder, a, b = fill(event, 3)
    services.registration_move(registration=b, actor=personas["civility_staff"], up=True)
    services.registration_cancel(registration=holder, actor=holder.person)
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.status == S.REGISTERED and a.status == S.WAITLISTED


def test_people_who_join_after_a_reordering_queue_behind_it(world, personas):
    event = published_event(world, personas, capacity=1)
    holder, a, b = fill(event, 3)
    services.registration_move(registration=b, actor=personas["civility_staff"], up=True)
    later = fill(event, 1, prefix="later")[0]
    order = list(
        Registration.objects.filter(event=event, status=S.WAITLISTED)
        .order_by("waitlist_position", "id")
        .values_list("pk", flat=True)
    )
    assert order == [b.pk, a.pk, later.pk]
    for expected in (b, a, later):
        services.registration_cancel(registration=holder, actor=holder.person)
        expected.refresh_from_db()
        assert expected.status == S.REGISTERED
        holder = expected


def test_promotion_by_hand_respects_capacity(world, personas):
    event = published_event(world, personas, capacity=1)
    _holder, waiting = fill(event, 2)
    with pytest.raises(EventError) as err:
        services.registration_promote(registration=waiting, actor=personas["civility_staff"])
    assert err.value.code == "event_full"
    services.event_update(actor=personas["civility_staff"], event=event, changes={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == S.REGISTERED  # raising capacity promotes at once


def test_residents_cannot_reorder(world, personas):
    event = published_event(world, personas, capacity=1)
    _holder, waiting = fill(event, 2)
    with pytest.raises(EventError) as err:
        services.registration_move(registration=waiting, actor=personas["resident"], up=True)
    assert err.value.status == 403
