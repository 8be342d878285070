"""Finding events: filters, keyset pagination, .ics, the attendance export."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_user
from tests.events.helpers import published_event
from threecenters.events import services

pytestmark = pytest.mark.django_db


def test_filters_and_pages_walk_every_event_once(world, personas, client_for):
    now = timezone.now()
    made = [
        published_event(
            world,
            personas,
            title=f"活动{i}",
            starts_at=now + timedelta(days=1, hours=i),
            ends_at=now + timedelta(days=1, hours=i + 1),
        )
        for i in range(25)
    ]
    seen, cursor = [], None
    for _ in range(3):
        params = {"after": cursor} if cursor else {}
        body = client_for(None).get("/api/v1/events", params).json()
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [e.pk for e in made]
    page = client_for(None).get("/events/", {"kind": "job_fair"}).content.decode()
    assert "活动1" not in page


def test_the_list_page_runs_a_fixed_number_of_queries(world, personas, client_for):
    for i in range(5):
        published_event(world, personas, title=f"活动{i}")
    client = client_for(None)
    client.get("/events/")
    with CaptureQueriesContext(connection) as few:
        client.get("/events/")
    for i in range(15):
        published_event(world, personas, title=f"更多活动{i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/events/")
    assert len(many) == len(few)


def test_free_seats_and_open_sign_up_filters(world, personas, client_for):
    full = published_event(world, personas, title="满员活动", capacity=1)
    services.registration_create(event=full, person=make_user("x"))
    published_event(world, personas, title="空位活动", capacity=5)
    titles = [
        e["title"]
        for e in client_for(None).get("/api/v1/events", {"free": "1", "open": "1"}).json()["items"]
    ]
    assert titles == ["空位活动"]


def test_ics_files_for_an_event_and_a_community(world, personas, client_for):
    event = published_event(world, personas)
    one = client_for(None).get(f"/events/{event.pk}/calendar.ics")
    assert one["Content-Type"].startswith("text/calendar")
    text = one.content.decode()
    assert "BEGIN:VEVENT" in text and "SUMMARY:茗茶飘香·百味人生" in text and "\r\n" in text
    feed = client_for(None).get("/communities/dajing/events.ics").content.decode()
    assert f"UID:event-{event.pk}@" in feed


def test_the_attendance_export_is_masked(world, personas, client_for):
    personas["resident"].display_name = "张三丰"
    personas["resident"].mobile = "13812341234"
    personas["resident"].save()
    event = published_event(world, personas)
    services.registration_create(event=event, person=personas["resident"])
    response = client_for("civility_staff").get(f"/staff/events/{event.pk}/attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "张**" in values and "138****1234" in values
    assert "张三丰" not in values and "13812341234" not in values


def test_the_export_reveals_only_rows_the_exporter_may_reveal(world, personas, client_for):
    from threecenters.core.models import AuditEntry
    from threecenters.people.models import ResidentProfile

    for name, community in (("resident", "dajing"), ("volunteer", "shijing")):
        person = personas[name]
        person.display_name = {"resident": "张三丰", "volunteer": "李四海"}[name]
        person.mobile = {"resident": "13812341234", "volunteer": "13912341234"}[name]
        person.save()
        ResidentProfile.objects.get_or_create(
            user=person, defaults={"community": world["communities"][community]}
        )
    event = published_event(world, personas)
    services.registration_create(event=event, person=personas["resident"])
    services.registration_create(event=event, person=personas["volunteer"])
    response = client_for("worker_dajing").get(
        f"/staff/events/{event.pk}/attendance.xlsx", {"reveal": "1"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "张三丰" in values and "13812341234" in values  # 大井: the worker's community
    assert "李*" + "*" in values and "李四海" not in values  # 石井: stays masked
    entry = AuditEntry.objects.filter(action="events.export").latest("id")
    assert entry.changes["revealed"] == 1
