"""Personal pages are never kept by a cache: every response to a signed-in request (and every
export and private file) says ``Cache-Control: private, no-store``; public pages for signed-out
visitors keep their caching."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.events.helpers import published_event
from threecenters.people import services as people_services

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


SIGNED_IN_PAGES = [
    ("resident", "/me/"),
    ("resident", "/me/data.json"),
    ("resident", "/me/consents/"),
    ("resident", "/me/inbox/"),
    ("resident", "/events/mine/"),
    ("resident", "/"),  # a public page, but this one is rendered for a signed-in person
    ("resident", "/events/"),
    ("resident", "/cases/"),
    ("resident", "/no-such-page/"),
    ("worker_jiaolong", "/proposals/mine/"),
    ("worker_jiaolong", "/staff/"),
    ("worker_jiaolong", "/staff/residents/"),
    ("auditor", "/staff/audit/"),
    ("auditor", "/staff/audit/export.csv"),
]


@pytest.mark.parametrize(("persona", "path"), SIGNED_IN_PAGES)
def test_pages_for_a_signed_in_person_are_private_and_not_stored(client_for, persona, path):
    response = client_for(persona).get(path)
    assert response.status_code in {200, 404}, (path, response.status_code)
    assert {"private", "no-store"} <= directives(response), (path, response.get("Cache-Control"))
    assert "public" not in directives(response)


def test_the_attendance_export_is_private_and_not_stored(world, personas, client_for):
    event = published_event(world, personas)
    response = client_for("civility_staff").get(f"/staff/events/{event.pk}/attendance.xlsx")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_api_call_with_a_token_is_private_and_not_stored(personas):
    _token, raw = people_services.token_create(actor=None, user=personas["resident"], name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_signing_in_is_not_stored_either(personas):
    response = Client().post(
        "/accounts/signin/", {"username": "resident", "password": "Tc-test-pass-2026"}
    )
    assert response.cookies  # the session cookie
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("path", ["/", "/events/", "/cases/", "/news/"])
def test_public_pages_for_signed_out_visitors_keep_their_caching(world, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert "private" not in directives(response)


def test_a_stricter_choice_of_the_view_is_kept(client_for):
    # never_cache on the two-factor page adds no-cache and must-revalidate; they stay
    response = client_for("resident").get("/me/two-factor/")
    assert {"private", "no-store", "no-cache", "must-revalidate"} <= directives(response)
