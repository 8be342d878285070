"""Draft → published → finished | cancelled; risky events need insurance; no-shows; report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.helpers import published_event, starting_soon
from threecenters.events import selectors, services
from threecenters.events.models import Event, Registration
from threecenters.events.services import EventError
from threecenters.notify.models import Notification
from threecenters.notify.sms import OUTBOX

pytestmark = pytest.mark.django_db


def test_a_risky_event_needs_insurance_before_publishing(world, personas):
    event = published_event(world, personas, publish=False, risky=True)
    with pytest.raises(EventError) as err:
        services.event_publish(actor=personas["civility_staff"], event=event)
    assert err.value.code == "insurance_required"
    services.event_update(actor=personas["civility_staff"], event=event, changes={"insured": True})
    services.event_publish(actor=personas["civility_staff"], event=Event.objects.get(pk=event.pk))
    assert Event.objects.get(pk=event.pk).status == Event.Status.PUBLISHED


def test_cancelling_tells_everyone_registered_the_reason(
    world, personas, django_capture_on_commit_callbacks
):
    personas["resident"].mobile = "13812341234"
    personas["resident"].save()
    event = published_event(world, personas, capacity=1)
    services.registration_create(event=event, person=personas["resident"])
    services.registration_create(event=event, person=personas["volunteer"])  # waitlisted
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=personas["civility_staff"], event=event, reason="暴雨预警")
    for name in ("resident", "volunteer"):
        note = Notification.objects.get(user=personas[name], kind="events.cancelled")
        assert "暴雨预警" in note.body
    assert any("暴雨预警" in m.text for m in OUTBOX)
    event.refresh_from_db()
    assert event.taken == 0
    assert set(event.registrations.values_list("status", flat=True)) == {
        Registration.Status.CANCELLED_BY_ORGANISER
    }


def test_no_shows_are_marked_after_the_event_and_counted_per_person(world, personas):
    event = published_event(world, personas)
    services.registration_create(event=event, person=personas["resident"])
    with pytest.raises(EventError):
        services.event_mark_no_shows(actor=personas["civility_staff"], event=event)
    services.event_finish(actor=personas["civility_staff"], event=event)
    event.refresh_from_db()
    assert services.event_mark_no_shows(actor=personas["civility_staff"], event=event) == 1
    assert selectors.no_show_count(personas["resident"]) == 1


def test_the_closing_report_counts_attendance(world, personas, client_for):
    event = published_event(world, personas, **starting_soon())
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    services.registration_check_in(event=event, actor=personas["civility_staff"], code=reg.code)
    services.event_finish(actor=personas["civility_staff"], event=event)
    response = client_for("civility_staff").post(
        f"/staff/events/{event.pk}/report/",
        {"summary": "<p>居民学到了茶艺<script>x</script></p>", "outcomes": "新闻稿"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.attendance_count == 1 and "<script>" not in event.report_summary


def test_organisers_of_other_centers_cannot_see_a_draft(world, personas, client_for):
    event = published_event(world, personas, publish=False)
    assert client_for("resident").get(f"/events/{event.pk}/").status_code == 404
    assert client_for("incubator_staff").get(f"/staff/events/{event.pk}/").status_code == 404
    assert client_for("worker_dajing").get(f"/staff/events/{event.pk}/").status_code == 200


def test_the_staff_form_creates_a_draft_and_shows_field_errors(world, personas, client_for):
    client = client_for("incubator_staff")
    start = timezone.localtime() + timedelta(days=2)
    data = {
        "center": world["centers"]["incubator"].pk,
        "kind": "job_fair",
        "title": "职通快车",
        "venue": "蛟龙社区",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 30,
        "eligibility": "everyone",
        "companions_allowed": 0,
    }
    bad = client.post("/staff/events/new/", data)
    assert bad.status_code == 200 and "结束时间不能早于开始时间" in bad.content.decode()
    data["ends_at"] = (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    good = client.post("/staff/events/new/", data)
    assert good.status_code == 302
    assert Event.objects.get(title="职通快车").status == Event.Status.DRAFT
