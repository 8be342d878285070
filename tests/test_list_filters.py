"""One FilterSet per list serves its page and its API endpoint: the page leaves an invalid value
out, the API refuses it with 422 and the field's message; a cursor no page wrote is refused by
the API and starts a page over."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.helpers import published_event
from tests.governance.factories import make_case
from threecenters.core.paging import encode_cursor
from threecenters.events.filters import EventFilterSet
from threecenters.events.models import Event
from threecenters.proposals.filters import ProposalFilterSet
from threecenters.proposals.models import Proposal

pytestmark = pytest.mark.django_db

GARBLED = ["garbage", encode_cursor({"at": "2026-05-01T09:00:00+08:00", "id": 1})]


def test_the_event_filterset_reads_the_pages_parameter_names(world, personas):
    soon = timezone.now() + timedelta(days=2)
    event = published_event(world, personas, starts_at=soon, ends_at=soon + timedelta(hours=1))
    day = timezone.localdate(soon).isoformat()
    chosen = EventFilterSet({"from": day, "to": day, "free": "1", "open": "no"}, Event.objects)
    assert chosen.chosen == {
        "date_from": timezone.localdate(soon),
        "date_to": timezone.localdate(soon),
        "free_seats": True,
    }
    assert list(chosen.qs) == [event]
    later = (timezone.localdate(soon) + timedelta(days=1)).isoformat()
    assert not EventFilterSet({"from": later}, Event.objects).qs.exists()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "no-such-kind"}, "kind"),
        ({"from": "2026-13-45"}, "from"),
        ({"center": "0"}, "center"),
    ],
)
def test_the_events_api_refuses_what_the_page_leaves_out(world, personas, client, params, field):
    event = published_event(world, personas)
    answer = client.get("/api/v1/events", params)
    assert answer.status_code == 422 and field in answer.json()["fields"]
    page = client.get("/events/", params)
    assert page.status_code == 200 and event.title in page.content.decode()


def test_the_kind_keeps_its_own_message(world, client):
    answer = client.get("/api/v1/events", {"kind": "no-such-kind"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.json()["fields"]["kind"] == ["没有这种活动类型。"]


@pytest.mark.parametrize("cursor", GARBLED)
def test_a_garbled_cursor_is_a_422_on_the_api_and_the_first_page_on_the_page(
    world, personas, client_for, cursor
):
    client = client_for("governance_staff")
    event = published_event(world, personas)
    make_case(world, personas, title="甲案例")
    for url in ("/api/v1/events", "/api/v1/cases", "/api/v1/proposals"):
        answer = client.get(url, {"after": cursor})
        assert answer.status_code == 422, url
        assert answer.json()["fields"]["after"] == ["翻页位置无效，请从第一页开始。"]
    assert event.title in client.get("/events/", {"after": cursor}).content.decode()
    assert "甲案例" in client.get("/cases/", {"after": cursor}).content.decode()


def test_the_cases_api_refuses_a_year_out_of_range_and_the_page_ignores_it(world, personas, client):
    make_case(world, personas, title="甲案例")
    answer = client.get("/api/v1/cases", {"year": "1200"})
    assert answer.status_code == 422 and "year" in answer.json()["fields"]
    assert "甲案例" in client.get("/cases/", {"year": "1200"}).content.decode()


def test_the_proposal_filterset_validates_period_type_and_state(world):
    good = ProposalFilterSet({"period": "2026-05", "type": "", "state": ""}, Proposal.objects)
    assert good.refusals() == {} and good.chosen == {"period": "2026-05"}
    bad = ProposalFilterSet({"period": "2026-13", "type": "x", "state": "y"}, Proposal.objects)
    assert set(bad.refusals()) == {"period", "type", "state"}
    assert bad.chosen == {}


def test_the_proposals_api_refuses_an_unknown_type(client_for):
    answer = client_for("governance_staff").get("/api/v1/proposals", {"type": "castle"})
    assert answer.status_code == 422 and "type" in answer.json()["fields"]


def test_an_unset_flag_filters_nothing_a_full_event_is_still_listed(world, personas, client):
    """A flag left out of the query (free places, open for sign-up) must not filter: a full
    event stays on the list until someone asks for events with free places."""
    from tests.events.helpers import published_event
    from threecenters.events import services

    full = published_event(world, personas, title="满员的讲座", capacity=1)
    services.registration_create(event=full, person=personas["volunteer"])
    assert "满员的讲座" in client.get("/events/").content.decode()
    assert "满员的讲座" not in client.get("/events/?free=1").content.decode()
    assert any(e["title"] == "满员的讲座" for e in client.get("/api/v1/events").json()["items"])
