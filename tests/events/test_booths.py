"""Organisations take part too: an employer books one booth per fair, counted apart from seats."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.events.helpers import published_event
from tests.factories import OrganisationFactory
from threecenters.core.models import AuditEntry, Organisation, RoleAssignment
from threecenters.events import booths, services
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def fair(world, personas):
    return published_event(
        world, personas, kind="job_fair", title="家门口的招聘会", capacity=5, booths=2
    )


def other_employer(world, name: str):
    org = OrganisationFactory(
        name=name,
        subdistrict=world["subdistrict"],
        verification=Organisation.Verification.UNVERIFIED,
    )
    return org, make_user(f"hr-{org.pk}", RoleAssignment.Role.EMPLOYER, organisation=org)


def test_an_employer_books_one_booth_for_their_organisation(fair, world, personas):
    shop = world["flower_shop"]
    reg, created = booths.booth_book(actor=personas["employer"], event=fair, organisation=shop)
    again, created_again = booths.booth_book(
        actor=personas["employer"], event=fair, organisation=shop
    )
    assert created and not created_again and again.pk == reg.pk
    assert (
        reg.status == S.REGISTERED and reg.person is None and reg.booked_by == personas["employer"]
    )
    fair.refresh_from_db()
    assert (fair.booths_taken, fair.taken) == (1, 0)  # visitors' seats untouched
    # a visitor's sign-up takes a seat, not a booth
    services.registration_create(event=fair, person=personas["resident"])
    fair.refresh_from_db()
    assert (fair.booths_taken, fair.taken) == (1, 1)
    assert AuditEntry.objects.filter(action="events.booth.book", outcome="success").count() == 1


def test_only_someone_acting_for_the_organisation_or_an_organiser_may_book(fair, world, personas):
    shop = world["flower_shop"]
    with pytest.raises(EventError) as err:
        booths.booth_book(actor=personas["resident"], event=fair, organisation=shop)
    assert err.value.status == 403
    other, hr = other_employer(world, "某某公司")
    with pytest.raises(EventError):
        booths.booth_book(actor=hr, event=fair, organisation=shop)
    assert AuditEntry.objects.filter(action="events.booth.book", outcome="failure").count() == 2
    reg, _ = booths.booth_book(actor=personas["civility_staff"], event=fair, organisation=other)
    assert reg.status == S.REGISTERED and not Registration.objects.filter(organisation=shop)


def test_booths_run_out_and_a_cancellation_frees_one(fair, world, personas):
    (a, hr_a), (b, hr_b), (c, hr_c) = (
        other_employer(world, n) for n in ("甲公司", "乙公司", "丙公司")
    )
    first, _ = booths.booth_book(actor=hr_a, event=fair, organisation=a)
    booths.booth_book(actor=hr_b, event=fair, organisation=b)
    with pytest.raises(EventError) as err:
        booths.booth_book(actor=hr_c, event=fair, organisation=c)
    assert err.value.code == "booths_full"
    assert not Registration.objects.filter(organisation=c).exists()
    # the API's cancel goes to the same service; the person acting for it cancels their own
    booths.booth_cancel(registration=first, actor=hr_a)
    first.refresh_from_db()
    assert first.status == S.CANCELLED_BY_PERSON
    reg, created = booths.booth_book(actor=hr_c, event=fair, organisation=c)
    assert created and reg.status == S.REGISTERED
    fair.refresh_from_db()
    assert fair.booths_taken == 2
    with pytest.raises(EventError) as err:
        services.event_update(actor=personas["civility_staff"], event=fair, changes={"booths": 1})
    assert err.value.code == "booths_below_taken" and "booths" in err.value.fields


def test_with_approval_the_organiser_decides_like_any_sign_up(world, personas, client_for):
    fair = published_event(world, personas, kind="job_fair", booths=1, approval_required=True)
    shop = world["flower_shop"]
    reg, _ = booths.booth_book(actor=personas["employer"], event=fair, organisation=shop)
    assert reg.status == S.AWAITING_APPROVAL
    fair.refresh_from_db()
    assert fair.booths_taken == 0
    page = client_for("civility_staff").get(f"/staff/events/{fair.pk}/").content.decode()
    assert "瑾栩花店" in page and "展位预订" in page
    client_for("civility_staff").post(
        f"/staff/events/{fair.pk}/registrations/{reg.pk}/", {"action": "approve"}
    )
    reg.refresh_from_db()
    fair.refresh_from_db()
    assert reg.status == S.REGISTERED and fair.booths_taken == 1
    # a second organisation waits, and approving it finds no booth left: no waitlist for booths
    other, hr = other_employer(world, "乙公司")
    waiting, _ = booths.booth_book(actor=hr, event=fair, organisation=other)
    with pytest.raises(EventError) as err:
        services.registration_decide(
            registration=waiting, actor=personas["civility_staff"], approve=True
        )
    assert err.value.code == "booths_full"
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_APPROVAL


def test_events_without_booths_refuse_bookings(world, personas):
    activity = published_event(world, personas, booths=3)  # an activity takes no organisations
    fair = published_event(world, personas, kind="job_fair")  # a fair without booths
    for event in (activity, fair):
        with pytest.raises(EventError) as err:
            booths.booth_book(
                actor=personas["employer"], event=event, organisation=world["flower_shop"]
            )
        assert err.value.code == "no_booths"


def test_the_database_refuses_a_registration_of_nobody_and_more_booths_than_exist(fair, world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=fair, status=S.REGISTERED, code="123456")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=fair.pk).update(booths_taken=3)


def test_the_event_page_and_the_api_book_booths(fair, world, personas, client_for):
    page = client_for("employer").get(f"/events/{fair.pk}/").content.decode()
    assert "预订展位" in page and "瑾栩花店" in page
    assert "预订展位" not in client_for("resident").get(f"/events/{fair.pk}/").content.decode()
    response = client_for("employer").post(
        f"/events/{fair.pk}/booths/", {"organisation": world["flower_shop"].pk, "note": "需要电源"}
    )
    assert response.status_code == 302
    reg = Registration.objects.get(event=fair, organisation=world["flower_shop"])
    assert reg.note == "需要电源"
    # someone else's organisation is not a choice on the form
    other, _hr = other_employer(world, "乙公司")
    client_for("employer").post(f"/events/{fair.pk}/booths/", {"organisation": other.pk})
    assert not Registration.objects.filter(organisation=other).exists()

    api = client_for("civility_staff")
    made = api.post(
        f"/api/v1/events/{fair.pk}/booths",
        {"organisation_id": other.pk},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["organisation_id"] == other.pk
    again = api.post(
        f"/api/v1/events/{fair.pk}/booths",
        {"organisation_id": other.pk},
        content_type="application/json",
    )
    assert again.status_code == 200
    full = api.post(
        f"/api/v1/events/{fair.pk}/booths",
        {"organisation_id": other_employer(world, "丙公司")[0].pk},
        content_type="application/json",
    )
    assert full.status_code == 409 and full.json()["code"] == "booths_full"
    assert api.get(f"/api/v1/events/{fair.pk}").json()["booths_taken"] == 2
    cancelled = client_for("employer").delete(f"/api/v1/registrations/{reg.pk}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == S.CANCELLED_BY_PERSON
    assert (
        client_for("resident").delete(f"/api/v1/registrations/{made.json()['id']}").status_code
        == 404
    )
