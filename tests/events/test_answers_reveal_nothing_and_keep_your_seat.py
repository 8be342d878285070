"""Cancelling answers alike for someone else's registration and for one that does not exist (no
probing which registrations exist); signing up again on a full event without a waitlist gives
back your registration, not "full". Both through the page and the API."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages

from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Registration

pytestmark = pytest.mark.django_db


def test_the_api_answers_alike_for_not_yours_and_does_not_exist(world, personas, client_for):
    event = published_event(world, personas)
    theirs, _ = services.registration_create(event=event, person=personas["volunteer"])
    resident = client_for("resident")
    not_yours = resident.delete(f"/api/v1/registrations/{theirs.pk}")
    missing = resident.delete(f"/api/v1/registrations/{theirs.pk + 1000}")
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.content == missing.content
    assert not_yours.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED


def test_the_page_answers_alike_for_not_yours_and_does_not_exist(world, personas, client_for):
    event = published_event(world, personas)
    theirs, _ = services.registration_create(event=event, person=personas["volunteer"])
    resident = client_for("resident")
    unknown = "x" * len(theirs.token)
    not_yours = resident.post(f"/events/registrations/{theirs.token}/cancel/")
    missing = resident.post(f"/events/registrations/{unknown}/cancel/")
    assert not_yours.status_code == missing.status_code == 404
    # the same page, but for the address it echoes (the language switch returns to it)
    assert _page(not_yours, theirs.token) == _page(missing, unknown)
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED


def _page(response, token: str) -> str:
    """The page less the token in its address and the CSRF token each response masks afresh."""
    page = response.content.decode().replace(token, "TOKEN")
    return re.sub(r"[A-Za-z0-9]{64}", "CSRF", page)


def _full_without_waitlist(world, personas):
    event = published_event(world, personas, capacity=1, waitlist_enabled=False)
    mine, _ = services.registration_create(event=event, person=personas["resident"])
    return event, mine


def test_the_api_gives_back_your_registration_on_a_full_event(world, personas, client_for):
    event, mine = _full_without_waitlist(world, personas)
    again = client_for("resident").post(f"/api/v1/events/{event.pk}/registrations")
    assert again.status_code == 200
    assert again.json()["id"] == mine.pk and again.json()["status"] == "registered"
    # someone without a registration still hears that it is full
    other = client_for("volunteer").post(f"/api/v1/events/{event.pk}/registrations")
    assert other.status_code == 409 and other.json()["code"] == "event_full"
    assert Registration.objects.filter(event=event).count() == 1


def test_the_page_gives_back_your_registration_on_a_full_event(world, personas, client_for):
    event, mine = _full_without_waitlist(world, personas)
    response = client_for("resident").post(f"/events/{event.pk}/signup/")
    assert response.status_code == 302 and response["Location"] == "/events/mine/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["您已报名，无需重复提交。"]
    # a cancelled registration on a full event is not brought back
    services.registration_cancel(registration=mine, actor=personas["resident"])
    services.registration_create(event=event, person=personas["volunteer"])
    refused = client_for("resident").post(f"/events/{event.pk}/signup/")
    assert [str(m) for m in get_messages(refused.wsgi_request)] == ["名额已满。"]
