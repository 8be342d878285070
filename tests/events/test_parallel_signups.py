"""Fifty truly parallel sign-ups for a 10-seat event: exactly 10 registered, the rest waitlisted."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.conftest import make_user
from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Event, Registration

SIGNUPS = 50


@pytest.mark.django_db(transaction=True)
def test_it_never_overbooks_under_a_rush(world, personas):
    event = published_event(world, personas, capacity=10)
    people = [make_user(f"rush{i}") for i in range(SIGNUPS)]
    barrier = threading.Barrier(SIGNUPS)
    errors: list[BaseException] = []

    def sign_up(person):
        try:
            barrier.wait(timeout=30)
            services.registration_create(event=Event.objects.get(pk=event.pk), person=person)
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(Registration.Status.REGISTERED) == 10
    assert statuses.count(Registration.Status.WAITLISTED) == SIGNUPS - 10
    event.refresh_from_db()
    assert event.taken == 10


@pytest.mark.django_db(transaction=True)
def test_the_same_person_signing_up_in_parallel_gets_one_registration(world, personas):
    event = published_event(world, personas, capacity=10)
    person = personas["resident"]
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def sign_up():
        try:
            barrier.wait(timeout=30)
            services.registration_create(event=Event.objects.get(pk=event.pk), person=person)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Registration.objects.filter(event=event, person=person).count() == 1
    event.refresh_from_db()
    assert event.taken == 1
