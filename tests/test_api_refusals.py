"""Each input that used to answer 500 is refused where it belongs, with a 4xx in the error shape
and nothing changed: naive date-times (one schema type), null in a PATCH (the schema), ids the
database cannot hold (one id type), bodies that are not JSON (415), control characters in JSON
(scrubbed like forms), and the last-resort net for database errors."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import DataError, IntegrityError
from django.test import Client
from django.utils import timezone

from tests.events.helpers import published_event
from threecenters.cli import main
from threecenters.events import services
from threecenters.events.models import Event, Registration

pytestmark = pytest.mark.django_db

BIG = 2**63


def _shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    if code:
        assert body["code"] == code
    return body


def _event_body(world, **changes) -> dict:
    soon = timezone.now() + timedelta(days=5)
    return {
        "center_id": world["centers"]["civility"].pk,
        "title": "邻里议事会",
        "venue": "大井社区党群服务中心",
        "starts_at": soon.isoformat(),
        "ends_at": (soon + timedelta(hours=2)).isoformat(),
        **changes,
    }


def test_a_date_time_without_its_offset_is_refused_by_name(world, personas, client_for):
    staff = client_for("civility_staff")
    body = _event_body(world, starts_at="2026-05-01T09:00:00")
    response = staff.post("/api/v1/events", body, content_type="application/json")
    fields = _shape(response, 422, "invalid")["fields"]
    assert fields == {"starts_at": ["请写明时区，例如 2026-05-01T09:00:00+08:00。"]}
    assert not Event.objects.exists()
    event = published_event(world, personas)
    response = staff.patch(
        f"/api/v1/events/{event.pk}",
        {"ends_at": "2026-05-01T11:00"},
        content_type="application/json",
    )
    assert list(_shape(response, 422)["fields"]) == ["ends_at"]
    english = staff.patch(
        f"/api/v1/events/{event.pk}",
        {"signup_closes_at": "2026-05-01 11:00"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "time zone" in english.json()["fields"]["signup_closes_at"][0]
    event.refresh_from_db()
    assert event.ends_at > event.starts_at


def test_a_date_time_with_its_offset_is_kept_as_that_instant(world, personas, client_for):
    body = _event_body(world, starts_at="2026-05-01T09:00:00+08:00", ends_at="2026-05-01T01:30:00Z")
    response = client_for("civility_staff").post(
        "/api/v1/events", body, content_type="application/json"
    )
    assert response.status_code == 201
    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2026-05-01T01:00:00+00:00"
    assert event.ends_at - event.starts_at == timedelta(minutes=30)


def test_the_events_day_filters_take_days_only(world, personas, client):
    _shape(client.get("/api/v1/events", {"from": "2026-05-01T09:00:00"}), 422)
    _shape(client.get("/api/v1/events", {"to": "2026-02-30"}), 422)
    assert client.get("/api/v1/events", {"from": "2026-05-01"}).status_code == 200


def test_null_for_a_field_that_cannot_be_empty_is_refused_by_the_schema(
    world, personas, client_for
):
    event = published_event(world, personas)
    staff = client_for("civility_staff")
    for field in ("kind", "title", "venue", "starts_at", "capacity", "risky", "status"):
        response = staff.patch(
            f"/api/v1/events/{event.pk}", {field: None}, content_type="application/json"
        )
        assert list(_shape(response, 422, "invalid")["fields"]) == [field]
    event.refresh_from_db()
    assert event.kind == "activity" and event.title == "茗茶飘香·百味人生"
    # the sign-up window's ends may be cleared with null
    opened = staff.patch(
        f"/api/v1/events/{event.pk}", {"signup_closes_at": None}, content_type="application/json"
    )
    assert opened.status_code == 200 and opened.json()["signup_closes_at"] is None


def test_ids_outside_the_64_bit_range_are_404_in_a_path_and_422_in_a_query_or_body(
    world, personas, client_for
):
    resident = client_for("resident")
    for method, path in (
        (resident.get, f"/api/v1/events/{BIG}"),
        (resident.get, "/api/v1/events/0"),
        # this one read the event with a raw statement: OverflowError on SQLite
        (resident.post, f"/api/v1/events/{BIG}/registrations"),
        (resident.post, f"/api/v1/events/{BIG * 4}/registrations"),
        (resident.delete, f"/api/v1/registrations/{BIG}"),
        (resident.get, f"/api/v1/cases/{BIG}"),
        (resident.get, f"/api/v1/proposals/{BIG}"),
    ):
        _shape(method(path), 404, "not_found")
    fields = _shape(resident.get("/api/v1/events", {"center": BIG}), 422)["fields"]
    assert list(fields) == ["center"]
    _shape(resident.get("/api/v1/proposals", {"community": -1}), 422)
    body = _event_body(world, center_id=BIG)
    staff = client_for("civility_staff")
    response = staff.post("/api/v1/events", body, content_type="application/json")
    assert list(_shape(response, 422)["fields"]) == ["center_id"]


def test_a_body_that_is_not_json_is_415_for_a_resident_too(world, personas, client_for):
    event = published_event(world, personas)
    resident = client_for("resident")
    url = f"/api/v1/events/{event.pk}/check-ins"
    # multipart used to fail after the input hygiene middleware had read the stream
    _shape(resident.post(url, {"code": "123456"}), 415, "unsupported_media_type")
    _shape(
        resident.post(url, "code=123456", content_type="application/x-www-form-urlencoded"),
        415,
    )
    _shape(resident.post(url, "123456", content_type="text/plain"), 415)
    _shape(resident.post(url, "{broken", content_type="application/json"), 400, "bad_request")
    assert resident.post(url, {"code": "1"}, HTTP_ACCEPT_LANGUAGE="en").json()["message"] == (
        "Send the body as JSON (Content-Type: application/json)."
    )
    # an operation without a body ignores what is sent with it
    signup = resident.post(f"/api/v1/events/{event.pk}/registrations", {"x": "y"})
    assert signup.status_code == 201


def test_control_characters_in_json_are_removed_like_in_forms(world, personas, client_for):
    body = _event_body(world, title="邻里\x00议事\x07会\u202e", venue="大井\x1b社区")
    response = client_for("civility_staff").post(
        "/api/v1/events", body, content_type="application/json"
    )
    assert response.status_code == 201
    event = Event.objects.get()
    assert (event.title, event.venue) == ("邻里议事会", "大井社区")


def test_a_wrong_method_is_405_in_the_error_shape(world, client):
    response = client.delete("/api/v1/communities")
    _shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


@pytest.mark.parametrize(
    ("error", "status", "code"), [(IntegrityError, 409, "conflict"), (DataError, 422, "invalid")]
)
def test_a_database_refusal_the_validation_missed_is_a_logged_4xx(
    world, personas, client_for, monkeypatch, caplog, error, status, code
):
    event = published_event(world, personas)

    def refused(**kwargs):
        raise error("value too long for type character varying(120)")

    monkeypatch.setattr(services, "event_update", refused)
    with caplog.at_level(logging.ERROR, logger="threecenters.api"):
        response = client_for("civility_staff").patch(
            f"/api/v1/events/{event.pk}", {"title": "新标题"}, content_type="application/json"
        )
    body = _shape(response, status, code)
    assert "varying" not in response.content.decode() and "Traceback" not in str(body)
    assert any(r.exc_info and r.exc_info[0] is error for r in caplog.records)


def test_a_bearer_token_signs_in_without_csrf_and_a_session_still_needs_it(world, personas, capsys):
    event = published_event(world, personas)
    assert main(["token", "create", "resident"]) == 0
    raw = capsys.readouterr().out.strip()
    bearer = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = bearer.post(f"/api/v1/events/{event.pk}/registrations")
    assert response.status_code == 201
    session = Client(enforce_csrf_checks=True)
    session.force_login(personas["volunteer"])
    refused = session.post(f"/api/v1/events/{event.pk}/registrations")
    _shape(refused, 403, "forbidden")
    assert Registration.objects.filter(event=event).count() == 1


def test_an_unexpected_failure_is_a_500_in_the_error_shape_even_with_debug(
    world, personas, settings, monkeypatch, caplog
):
    from threecenters.events import selectors

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "event_page", broken)
    settings.DEBUG = True
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/api/v1/events")
    _shape(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)
    # the test client still re-raises it, so a failing test shows the cause
    with pytest.raises(RuntimeError, match="secret internals"):
        Client().get("/api/v1/events")
