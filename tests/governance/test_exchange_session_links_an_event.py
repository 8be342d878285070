"""An exchange session can point to the event of the event engine that held it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.events.helpers import published_event
from tests.governance.factories import make_case
from threecenters.events import services as event_services
from threecenters.governance.models import ExchangeSession


def _governance_event(world, personas, **options):
    return published_event(
        world,
        personas,
        center=world["centers"]["governance"],
        title="社区治理经验交流会",
        venue="九江街道三中心",
        **options,
    )


@pytest.mark.django_db
def test_a_session_recorded_from_an_event_takes_its_title_date_and_place(
    world, personas, client_for, django_capture_on_commit_callbacks
):
    case = make_case(world, personas, title="社区小二", community="shijing")
    event = _governance_event(world, personas)
    form = client_for("governance_staff").get("/cases/staff/sessions/new/").content.decode()
    assert f'<option value="{event.pk}">' in form and "社区治理经验交流会" in form

    response = client_for("governance_staff").post(
        "/cases/staff/sessions/new/", {"event": event.pk, "cases": [case.pk]}
    )
    assert response.status_code == 302
    session = ExchangeSession.objects.get()
    assert session.event == event
    assert session.title == "社区治理经验交流会" and session.place == "九江街道三中心"
    assert session.date == timezone.localtime(event.starts_at).date()

    html = client_for(None).get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/events/{event.pk}/"' in html
    data = client_for(None).get(f"/api/v1/cases/{case.pk}").json()
    assert data["sessions"][0]["event_id"] == event.pk
    assert data["sessions"][0]["title"] == "社区治理经验交流会"

    # a cancelled event no longer has a public page: the session stays, the link goes
    with django_capture_on_commit_callbacks(execute=True):  # retires the cached public page
        event_services.event_cancel(
            actor=personas["civility_staff"], event=event, reason="天气原因"
        )
    html = client_for(None).get(f"/cases/{case.pk}/").content.decode()
    assert "社区治理经验交流会" in html and f'href="/events/{event.pk}/"' not in html
    assert (
        client_for(None).get(f"/api/v1/cases/{case.pk}").json()["sessions"][0]["event_id"] is None
    )


@pytest.mark.django_db
def test_what_the_form_says_wins_over_the_event(world, personas, client_for):
    case = make_case(world, personas, title="社区小二")
    event = _governance_event(world, personas)
    response = client_for("governance_staff").post(
        "/cases/staff/sessions/new/",
        {"event": event.pk, "title": "第二期交流会", "place": "石井社区", "cases": [case.pk]},
    )
    assert response.status_code == 302
    session = ExchangeSession.objects.get()
    assert (session.title, session.place, session.event_id) == (
        "第二期交流会",
        "石井社区",
        event.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["other_subdistrict", "draft", "other_center", "missing"])
def test_only_this_subdistricts_public_governance_events_can_be_linked(
    world, personas, client_for, which
):
    case = make_case(world, personas, title="社区小二")
    if which == "other_subdistrict":
        event_id = published_event(world, personas, center=world["other_center"], community=None).pk
    elif which == "draft":
        event_id = _governance_event(world, personas, publish=False).pk
    elif which == "other_center":
        event_id = published_event(world, personas).pk  # the civility center's tea event
    else:
        event_id = 999999
    response = client_for("governance_staff").post(
        "/cases/staff/sessions/new/",
        {"event": event_id, "title": "交流会", "date": "2020-12-18", "cases": [case.pk]},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not ExchangeSession.objects.exists()


@pytest.mark.django_db
def test_without_an_event_the_title_and_date_are_needed(world, personas, client_for):
    case = make_case(world, personas, title="社区小二")
    response = client_for("governance_staff").post(
        "/cases/staff/sessions/new/", {"cases": [case.pk]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.count('class="error"') >= 2
    assert "or choose the event" in html
    assert not ExchangeSession.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_an_event_of_another_subdistrict(world, personas):
    from threecenters.core.kit import ServiceError
    from threecenters.governance import services

    case = make_case(world, personas, title="社区小二")
    event = published_event(world, personas, center=world["other_center"], community=None)
    with pytest.raises(ServiceError) as refused:
        services.session_record(
            actor=personas["governance_staff"],
            subdistrict=world["subdistrict"],
            title="交流会",
            date=timezone.localdate(),
            cases=[case],
            event=event,
        )
    assert refused.value.fields.keys() == {"event"}
    assert not ExchangeSession.objects.exists()
