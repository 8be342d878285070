"""The events API with its documented statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_user
from tests.events.helpers import published_event, starting_soon
from threecenters.core.models import AuditEntry
from threecenters.events import services
from threecenters.events.models import Registration

pytestmark = pytest.mark.django_db


def test_signing_up_returns_201_then_200(world, personas, client_for):
    event = published_event(world, personas)
    client = client_for("resident")
    url = f"/api/v1/events/{event.pk}/registrations"
    first = client.post(url, {}, content_type="application/json")
    assert first.status_code == 201 and first.json()["status"] == "registered"
    assert len(first.json()["code"]) == 6
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


def test_waitlisted_and_awaiting_approval_statuses(world, personas, client_for):
    full = published_event(world, personas, capacity=1)
    services.registration_create(event=full, person=make_user("someone"))
    response = client_for("resident").post(f"/api/v1/events/{full.pk}/registrations")
    assert response.status_code == 201 and response.json()["status"] == "waitlisted"
    approval = published_event(world, personas, approval_required=True)
    response = client_for("resident").post(f"/api/v1/events/{approval.pk}/registrations")
    assert response.json()["status"] == "awaiting_approval"


def test_refusals_have_honest_statuses(world, personas, client_for):
    closed = published_event(world, personas, signup_closes_at=timezone.now() - timedelta(hours=1))
    response = client_for("resident").post(f"/api/v1/events/{closed.pk}/registrations")
    assert response.status_code == 409 and response.json()["code"] == "signup_closed"
    invited = published_event(world, personas, eligibility="invited")
    response = client_for("resident").post(f"/api/v1/events/{invited.pk}/registrations")
    assert response.status_code == 403 and response.json()["code"] == "not_eligible"
    assert client_for(None).post(f"/api/v1/events/{invited.pk}/registrations").status_code == 401
    assert client_for("resident").post("/api/v1/events/999999/registrations").status_code == 404


def test_messages_follow_the_language(world, personas, client_for):
    closed = published_event(world, personas, signup_closes_at=timezone.now() - timedelta(hours=1))
    client = client_for("resident")
    response = client.post(f"/api/v1/events/{closed.pk}/registrations", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Sign-up has closed."


def test_cancelling_someone_elses_registration_is_404_and_audited(world, personas, client_for):
    event = published_event(world, personas)
    reg, _ = services.registration_create(event=event, person=personas["volunteer"])
    response = client_for("resident").delete(f"/api/v1/registrations/{reg.pk}")
    assert response.status_code == 404
    reg.refresh_from_db()
    assert reg.status == Registration.Status.REGISTERED
    assert AuditEntry.objects.filter(
        action="events.registration.cancel", outcome="failure"
    ).exists()
    own = client_for("volunteer").delete(f"/api/v1/registrations/{reg.pk}")
    assert own.status_code == 200 and own.json()["status"] == "cancelled_by_person"


def test_list_and_detail_show_seats_left(world, personas, client_for):
    event = published_event(world, personas, capacity=4)
    services.registration_create(event=event, person=personas["resident"])
    listing = client_for(None).get("/api/v1/events", {"free": "true", "community": "dajing"})
    assert [e["id"] for e in listing.json()["items"]] == [event.pk]
    detail = client_for(None).get(f"/api/v1/events/{event.pk}").json()
    assert detail["seats_left"] == 3


def test_staff_create_and_patch_events(world, personas, client_for):
    start = (timezone.now() + timedelta(days=5)).isoformat()
    end = (timezone.now() + timedelta(days=5, hours=2)).isoformat()
    body = {
        "center_id": world["centers"]["incubator"].pk,
        "title": "职通快车招聘会",
        "kind": "job_fair",
        "venue": "蛟龙社区广场",
        "community": "jiaolong",
        "starts_at": start,
        "ends_at": end,
        "capacity": 50,
    }
    assert (
        client_for("resident")
        .post("/api/v1/events", body, content_type="application/json")
        .status_code
        == 403
    )
    created = client_for("incubator_staff").post(
        "/api/v1/events", body, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    patched = client_for("incubator_staff").patch(
        f"/api/v1/events/{pk}",
        {"capacity": 60, "status": "published"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["capacity"] == 60 and patched.json()["status"] == "published"
    refused = client_for("civility_staff").patch(
        f"/api/v1/events/{pk}", {"capacity": 1}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_check_ins_by_api(world, personas, client_for):
    event = published_event(world, personas, **starting_soon())
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    url = f"/api/v1/events/{event.pk}/check-ins"
    staff = client_for("civility_staff")
    ok = staff.post(url, {"token": services.checkin_token(reg)}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["already_checked_in"] is False
    again = staff.post(url, {"code": reg.code}, content_type="application/json")
    assert again.json()["already_checked_in"] is True
    forged = staff.post(url, {"token": "1.abc:forged"}, content_type="application/json")
    assert forged.status_code == 400
    assert (
        client_for("resident")
        .post(url, {"code": reg.code}, content_type="application/json")
        .status_code
        == 403
    )
