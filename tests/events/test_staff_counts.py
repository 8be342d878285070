"""The staff pages of a big event: counts come from the database and every registration is
reachable through keyset pages, past the 1,000 rows the pages once read."""

import pytest

from tests.events.helpers import published_event
from threecenters.core.models import User
from threecenters.events import views
from threecenters.events.models import Registration

pytestmark = pytest.mark.django_db

S = Registration.Status
# 1,005 people: more than the old cap of 1,000
STATUSES = [S.REGISTERED] * 700 + [S.CHECKED_IN] * 240 + [S.NO_SHOW] * 40 + [S.WAITLISTED] * 25


@pytest.fixture
def fair(world, personas):
    event = published_event(world, personas, capacity=0, title="大型招聘会")
    people = User.objects.bulk_create(
        User(username=f"job-seeker-{i}", display_name=f"求职者{i}") for i in range(len(STATUSES))
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            status=status,
            code=f"{i:06d}",
            waitlist_position=i if status == S.WAITLISTED else 0,
        )
        for i, (person, status) in enumerate(zip(people, STATUSES, strict=True))
    )
    return event


def _walk(client, url, rows, next_key, param="after"):
    seen, params = [], {}
    for _ in range(50):
        response = client.get(url, params)
        assert response.status_code == 200
        seen += [r.pk for r in response.context[rows]]
        cursor = response.context[next_key]
        if not cursor:
            return seen, response
        params = {param: cursor}
    raise AssertionError("pagination did not end")


def test_the_staff_page_counts_in_the_database_and_pages_every_registration(
    fair, client_for, monkeypatch
):
    monkeypatch.setattr(views, "STAFF_PAGE", 300)
    client = client_for("civility_staff")
    url = f"/staff/events/{fair.pk}/"
    first = client.get(url)
    assert first.context["checked_in"] == 240 and first.context["no_shows"] == 40
    assert first.context["registrations_total"] == len(STATUSES)
    assert first.context["waitlist_total"] == 25
    html = first.content.decode()
    assert "已签到 240" in html and "缺席 40" in html and f"共 {len(STATUSES)} 条" in html
    seen, _last = _walk(client, url, "registrations", "registrations_next")
    expected = list(
        Registration.objects.filter(event=fair)
        .order_by("status", "waitlist_position", "id")
        .values_list("pk", flat=True)
    )
    assert seen == expected and len(seen) == len(STATUSES)


def test_the_waitlist_pages_in_its_order(fair, client_for, monkeypatch):
    monkeypatch.setattr(views, "STAFF_PAGE", 10)
    client = client_for("civility_staff")
    seen, _ = _walk(
        client, f"/staff/events/{fair.pk}/", "waitlist", "waitlist_next", "waitlist_after"
    )
    waiting = Registration.objects.filter(event=fair, status=S.WAITLISTED)
    assert seen == list(waiting.order_by("waitlist_position", "id").values_list("pk", flat=True))


def test_the_check_in_page_counts_everyone_on_its_list(fair, client_for, monkeypatch):
    monkeypatch.setattr(views, "STAFF_PAGE", 400)
    client = client_for("civility_staff")
    url = f"/staff/events/{fair.pk}/checkin/"
    seen, last = _walk(client, url, "registrations", "registrations_next")
    assert len(seen) == len(set(seen)) == 980  # registered, checked in, no-show
    assert last.context["registrations_total"] == 980 and last.context["checked_in"] == 240
    assert "已签到 240 / 980" in last.content.decode()


def test_a_garbled_cursor_on_a_staff_page_shows_the_first_page(fair, client_for):
    client = client_for("civility_staff")
    response = client.get(f"/staff/events/{fair.pk}/", {"after": "garbled", "booths_after": "x"})
    assert response.status_code == 200 and len(response.context["registrations"]) == 200
