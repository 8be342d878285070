"""Signing up: registered, idempotent, refused when closed, cancelled, finished or ineligible."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Event, Registration
from threecenters.events.services import EventError, registration
from threecenters.notify.models import Notification

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_it_registers_and_sends_a_confirmation(world, personas):
    event = published_event(world, personas)
    reg, created = services.registration_create(event=event, person=personas["resident"])
    assert created and reg.status == S.REGISTERED
    event.refresh_from_db()
    assert event.taken == 1 and event.seats_left == 9
    assert Notification.objects.filter(user=personas["resident"], kind="events.signup").exists()


def test_signing_up_twice_gives_one_registration(world, personas):
    event = published_event(world, personas)
    first, _ = services.registration_create(event=event, person=personas["resident"])
    second, created = services.registration_create(event=event, person=personas["resident"])
    assert not created and first.pk == second.pk
    event.refresh_from_db()
    assert event.taken == 1


def test_signing_up_again_after_the_window_closed_answers_with_the_registration(world, personas):
    event = published_event(world, personas)
    first, _ = services.registration_create(event=event, person=personas["resident"])
    Event.objects.filter(pk=event.pk).update(signup_closes_at=timezone.now() - timedelta(hours=1))
    event.refresh_from_db()
    again, created = services.registration_create(event=event, person=personas["resident"])
    assert not created and again.pk == first.pk
    with pytest.raises(EventError) as err:  # someone without a registration is still refused
        services.registration_create(event=event, person=personas["volunteer"])
    assert err.value.code == "signup_closed"


def test_companions_take_seats(world, personas):
    event = published_event(world, personas, capacity=3, companions_allowed=2)
    services.registration_create(event=event, person=personas["resident"], companions=2)
    event.refresh_from_db()
    assert event.taken == 3
    with pytest.raises(EventError) as err:
        services.registration_create(event=event, person=personas["volunteer"], companions=3)
    assert err.value.code == "too_many_companions"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"signup_opens_at": timezone.now() + timedelta(days=1)}, "signup_not_open"),
        ({"signup_closes_at": timezone.now() - timedelta(hours=1)}, "signup_closed"),
    ],
)
def test_it_refuses_outside_the_window(world, personas, change, code):
    event = published_event(world, personas, **change)
    with pytest.raises(EventError) as err:
        services.registration_create(event=event, person=personas["resident"])
    assert err.value.code == code and err.value.status == 409
    assert not Registration.objects.exists()


def test_it_refuses_a_cancelled_or_finished_event(world, personas):
    cancelled = published_event(world, personas)
    services.event_cancel(actor=personas["civility_staff"], event=cancelled, reason="暴雨")
    finished = published_event(world, personas)
    services.event_finish(actor=personas["civility_staff"], event=finished)
    for event, code in [(cancelled, "event_cancelled"), (finished, "event_finished")]:
        with pytest.raises(EventError) as err:
            services.registration_create(
                event=Event.objects.get(pk=event.pk), person=personas["resident"]
            )
        assert err.value.code == code


def test_only_listed_communities_may_sign_up(world, personas):
    event = published_event(world, personas, eligibility=Event.Eligibility.COMMUNITIES)
    event.eligible_communities.set([world["communities"]["dajing"]])
    reg, _ = services.registration_create(event=event, person=personas["resident"])  # 大井
    assert reg.status == S.REGISTERED
    with pytest.raises(EventError) as err:
        services.registration_create(event=event, person=personas["volunteer"])  # 石井
    assert err.value.status == 403


def test_only_invited_people_may_sign_up(world, personas):
    event = published_event(world, personas, eligibility=Event.Eligibility.INVITED)
    event.invited.set([personas["volunteer"]])
    services.registration_create(event=event, person=personas["volunteer"])
    with pytest.raises(EventError) as err:
        services.registration_create(event=event, person=personas["resident"])
    assert err.value.code == "not_eligible"


def test_approval_required_waits_and_takes_no_seat(world, personas):
    event = published_event(world, personas, approval_required=True, capacity=1)
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    assert reg.status == S.AWAITING_APPROVAL
    event.refresh_from_db()
    assert event.taken == 0
    services.registration_decide(registration=reg, actor=personas["civility_staff"], approve=True)
    reg.refresh_from_db()
    event.refresh_from_db()
    assert reg.status == S.REGISTERED and event.taken == 1
    other, _ = services.registration_create(event=event, person=personas["volunteer"])
    services.registration_decide(registration=other, actor=personas["civility_staff"], approve=True)
    other.refresh_from_db()
    assert other.status == S.WAITLISTED


def test_a_full_event_without_waitlist_refuses(world, personas):
    event = published_event(world, personas, capacity=1, waitlist_enabled=False)
    services.registration_create(event=event, person=personas["resident"])
    with pytest.raises(EventError) as err:
        services.registration_create(event=event, person=personas["volunteer"])
    assert err.value.code == "event_full" and err.value.status == 409
    assert Registration.objects.filter(event=event).count() == 1


def test_signing_up_again_after_cancelling_reuses_the_registration_with_a_new_token(
    world, personas
):
    event = published_event(world, personas)
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    old_token = reg.token
    services.registration_cancel(registration=reg, actor=personas["resident"])
    again, created = services.registration_create(event=event, person=personas["resident"])
    assert created and again.pk == reg.pk and again.status == S.REGISTERED
    assert again.token != old_token
    event.refresh_from_db()
    assert event.taken == 1


@pytest.mark.django_db(transaction=True)
def test_a_repeated_check_in_code_is_refused_by_the_database_and_the_sign_up_retried(
    world, personas, monkeypatch
):
    event = published_event(world, personas)
    first, _ = services.registration_create(event=event, person=personas["resident"])
    codes = iter([first.code, "654321"])  # the next sign-up draws the taken code first
    monkeypatch.setattr(registration, "new_code", lambda: next(codes))
    second, created = services.registration_create(event=event, person=personas["volunteer"])
    assert created and second.code == "654321" and second.status == Registration.Status.REGISTERED
    assert Registration.objects.filter(event=event).count() == 2
    assert Event.objects.get(pk=event.pk).taken == 2
    assert Notification.objects.filter(user=personas["volunteer"]).count() == 1


def test_a_seat_freed_since_the_event_was_read_is_taken(world, personas):
    event = published_event(world, personas, capacity=1)
    first, _ = services.registration_create(event=event, person=personas["resident"])
    stale = Event.objects.get(pk=event.pk)  # read while full
    services.registration_cancel(registration=first, actor=personas["resident"])
    reg, created = services.registration_create(event=stale, person=personas["volunteer"])
    assert created and reg.status == S.REGISTERED
    assert Event.objects.get(pk=event.pk).taken == 1
