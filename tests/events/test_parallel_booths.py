"""Booths under a rush, on real connections: one booking per organisation, never more than the
booths the fair has."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.events.helpers import published_event
from tests.factories import OrganisationFactory
from threecenters.core.models import Organisation
from threecenters.events import booths
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration


def rush(n: int, book) -> list[BaseException]:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            book(i)
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_the_same_organisation_booking_in_parallel_gets_one_booth(world, personas):
    fair = published_event(world, personas, kind="job_fair", booths=5)
    shop = world["flower_shop"]

    def book(_i):
        booths.booth_book(
            actor=personas["employer"], event=Event.objects.get(pk=fair.pk), organisation=shop
        )

    assert rush(8, book) == []
    assert Registration.objects.filter(event=fair, organisation=shop).count() == 1
    fair.refresh_from_db()
    assert fair.booths_taken == 1 and fair.taken == 0


@pytest.mark.django_db(transaction=True)
def test_more_organisations_than_booths_fill_exactly_the_booths(world, personas):
    fair = published_event(world, personas, kind="job_fair", booths=3)
    orgs = [
        OrganisationFactory(
            name=f"招聘单位{i}",
            subdistrict=world["subdistrict"],
            verification=Organisation.Verification.UNVERIFIED,
        )
        for i in range(8)
    ]

    def book(i):
        booths.booth_book(
            actor=personas["civility_staff"],
            event=Event.objects.get(pk=fair.pk),
            organisation=orgs[i],
        )

    errors = rush(len(orgs), book)
    assert len(errors) == 5
    assert all(isinstance(e, EventError) and e.code == "booths_full" for e in errors), errors
    assert (
        Registration.objects.filter(event=fair, status=Registration.Status.REGISTERED).count() == 3
    )
    fair.refresh_from_db()
    assert fair.booths_taken == 3
