"""Event kinds are registered by the apps that own them; the kernel lists none of them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation

from tests.events.helpers import published_event
from threecenters.core.models import AuditEntry
from threecenters.core.shell import Panel
from threecenters.events import kinds, services
from threecenters.events.errors import EventError
from threecenters.events.forms import EventForm
from threecenters.events.models import Event, Photo

TEMPLATES = Path(__file__).resolve().parent / "templates"
TODAYS = [
    "activity",
    "job_fair",
    "course_session",
    "council_meeting",
    "lecture",
    "ceremony",
    "performance",
    "other",
]


@pytest.fixture
def test_kind(monkeypatch, settings):
    """A kind only the tests register: a wide check-in window, one pair a day and a panel on
    each page."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [TEMPLATES]}]
    kind = kinds.EventKind(
        "test_workshop",
        "测试工作坊",
        panels=[
            Panel(
                "test-public", "tests/kind_panel.html", context=lambda r, e: {"panel_note": "公开"}
            )
        ],
        staff_panels=[
            Panel(
                "test-staff", "tests/kind_panel.html", context=lambda r, e: {"panel_note": "后台"}
            )
        ],
        checkin_opens_before=timedelta(days=4),
        checkin_closes_after=timedelta(minutes=30),
        pairs_per_day=1,
    )
    monkeypatch.setitem(kinds._kinds, kind.code, kind)
    return kind


def test_the_events_app_registers_todays_kinds_with_their_labels():
    assert [code for code, _label in kinds.choices()] == TODAYS
    with translation.override("zh-hans"):
        assert kinds.label("activity") == "活动" and kinds.label("job_fair") == "招聘会"
    with translation.override("en"):
        assert kinds.label("job_fair") == "Job fair"
    assert kinds.get("job_fair").organisation_participants
    assert not kinds.get("activity").organisation_participants
    assert not hasattr(Event, "Kind")


def test_a_kind_is_registered_once_and_checked():
    with pytest.raises(ValueError):
        kinds.register(kinds.EventKind("activity", "别的活动"))
    with pytest.raises(ValueError):
        kinds.register(kinds.EventKind("x" * 21, "太长"))
    with pytest.raises(ValueError):  # Photo's event is a ForeignKey, not one-to-one
        kinds.register(kinds.EventKind("photo_kind", "照片", detail_model=Photo))
    assert not kinds.exists("photo_kind")
    with pytest.raises(LookupError):
        kinds.get("photo_kind")


@pytest.mark.django_db
def test_an_unknown_kind_is_a_field_error_in_the_service_the_form_and_the_api(
    world, personas, client_for
):
    with pytest.raises(EventError) as err:
        published_event(world, personas, publish=False, kind="no_such_kind")
    assert err.value.status == 422 and "kind" in err.value.fields
    event = published_event(world, personas, publish=False)
    with pytest.raises(EventError):
        services.event_update(actor=personas["civility_staff"], event=event, changes={"kind": "x"})

    form = EventForm(
        data={"kind": "no_such_kind"}, centers=list(world["centers"].values()), communities=[]
    )
    assert not form.is_valid() and "kind" in form.errors

    client = client_for("civility_staff")
    now = timezone.now()
    body = {
        "center_id": world["centers"]["civility"].pk,
        "title": "未知类型",
        "kind": "no_such_kind",
        "venue": "某地",
        "starts_at": (now + timedelta(days=1)).isoformat(),
        "ends_at": (now + timedelta(days=1, hours=1)).isoformat(),
    }
    response = client.post("/api/v1/events", body, content_type="application/json")
    assert response.status_code == 422 and "kind" in response.json()["fields"]
    listed = client.get("/api/v1/events", {"kind": "no_such_kind"})
    assert listed.status_code == 422 and "kind" in listed.json()["fields"]
    assert not Event.objects.filter(title="未知类型").exists()


@pytest.mark.django_db
def test_the_api_lists_the_registered_kinds_and_the_schema_enumerates_them(client, test_kind):
    listed = client.get("/api/v1/event-kinds").json()
    codes = [k["code"] for k in listed]
    assert codes[: len(TODAYS) - 1] == TODAYS[:-1] and "test_workshop" in codes
    workshop = next(k for k in listed if k["code"] == "test_workshop")
    assert workshop["checkin_opens_before_minutes"] == 4 * 24 * 60
    assert workshop["checkin_closes_after_minutes"] == 30 and workshop["pairs_per_day"] == 1
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["EventIn"]
    assert set(TODAYS) <= set(schema["properties"]["kind"]["enum"])


@pytest.mark.django_db
def test_a_kind_registered_by_another_app_brings_its_panels_and_check_in_window(
    world, personas, client_for, test_kind
):
    staff = personas["civility_staff"]
    event = published_event(world, personas, kind="test_workshop")  # starts in 3 days
    assert event.kind_label == "测试工作坊" and kinds.event_detail(event) is None

    public = client_for(None).get(f"/events/{event.pk}/").content.decode()
    assert "测试面板：茗茶飘香·百味人生 · 公开" in public and "测试工作坊" in public
    organiser = client_for("civility_staff").get(f"/staff/events/{event.pk}/").content.decode()
    assert "测试面板：茗茶飘香·百味人生 · 后台" in organiser
    assert client_for(None).get("/events/", {"kind": "test_workshop"}).status_code == 200

    # its window opens four days ahead, where the default (two hours) would refuse
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    assert not services.registration_check_in(event=event, actor=staff, code=reg.code).already
    services.registration_check_out(registration=reg, actor=staff)
    with pytest.raises(EventError) as err:  # one pair a day for this kind
        services.registration_check_in(event=event, actor=staff, code=reg.code)
    assert err.value.code == "attendance_daily_limit"


@pytest.mark.django_db
def test_an_event_of_a_kind_no_app_registers_any_more_still_shows(world, personas, client_for):
    event = published_event(world, personas)
    Event.objects.filter(pk=event.pk).update(kind="retired")
    page = client_for(None).get(f"/events/{event.pk}/")
    assert page.status_code == 200 and "retired" in page.content.decode()
    assert kinds.of(Event.objects.get(pk=event.pk)).checkin_opens_before == timedelta(hours=2)
    assert not AuditEntry.objects.filter(outcome="failure").exists()
