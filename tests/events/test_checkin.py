"""Check-in by signed QR token, 6-digit code or from the list; refusals are audited."""

from __future__ import annotations

import pytest

from tests.events.helpers import published_event, starting_soon
from threecenters.core.models import AuditEntry
from threecenters.events import services
from threecenters.events.models import Registration
from threecenters.events.services import EventError

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def signed_up(world, personas):
    event = published_event(world, personas, **starting_soon())
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    return event, reg


def test_a_typed_code_checks_in_and_twice_is_harmless(signed_up, personas):
    event, reg = signed_up
    staff = personas["civility_staff"]
    first = services.registration_check_in(event=event, actor=staff, code=reg.code)
    second = services.registration_check_in(event=event, actor=staff, code=reg.code)
    assert not first.already and second.already
    reg.refresh_from_db()
    event.refresh_from_db()
    assert reg.status == S.CHECKED_IN and reg.checked_in_at and event.taken == 1


def test_the_qr_token_checks_in(signed_up, personas):
    event, reg = signed_up
    token = services.checkin_token(reg)
    result = services.registration_check_in(
        event=event, actor=personas["civility_staff"], token=token
    )
    assert result.registration.pk == reg.pk


def test_a_forged_token_is_refused_and_audited(signed_up, personas):
    event, reg = signed_up
    forged = f"{event.pk}.{reg.token}:not-a-signature"
    with pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=personas["civility_staff"], token=forged)
    assert err.value.code == "token_forged" and err.value.status == 400
    assert AuditEntry.objects.filter(action="events.checkin", outcome="failure").exists()
    reg.refresh_from_db()
    assert reg.status == S.REGISTERED


def test_another_events_token_is_refused(signed_up, world, personas):
    event, reg = signed_up
    other = published_event(world, personas, title="文艺汇演")
    with pytest.raises(EventError) as err:
        services.registration_check_in(
            event=other, actor=personas["civility_staff"], token=services.checkin_token(reg)
        )
    assert err.value.code == "token_other_event"
    assert AuditEntry.objects.filter(
        action="events.checkin", outcome="failure", changes__refused="token_other_event"
    ).exists()


def test_a_replayed_token_from_a_cancelled_sign_up_is_refused(signed_up, personas):
    event, reg = signed_up
    old = services.checkin_token(reg)
    services.registration_cancel(registration=reg, actor=personas["resident"])
    services.registration_create(event=event, person=personas["resident"])
    with pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=personas["civility_staff"], token=old)
    assert err.value.code == "token_replayed"


def test_a_resident_cannot_check_people_in(signed_up, personas):
    event, reg = signed_up
    with pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=personas["volunteer"], code=reg.code)
    assert err.value.status == 403


def test_walk_ins_are_registered_and_checked_in_and_can_check_out(world, personas):
    event = published_event(world, personas, capacity=1, **starting_soon())
    staff = personas["civility_staff"]
    reg = services.registration_walk_in(
        event=event, actor=staff, name="刘大爷", mobile="13912345678"
    )
    assert reg.status == S.CHECKED_IN and reg.walk_in
    services.registration_check_out(registration=reg, actor=staff)
    reg.refresh_from_db()
    assert reg.checked_out_at is not None
    with pytest.raises(EventError) as err:
        services.registration_walk_in(event=event, actor=staff, name="王阿姨", mobile="13912345679")
    assert err.value.code == "event_full"


def test_the_phone_page_checks_in_by_code(signed_up, client_for):
    event, reg = signed_up
    client = client_for("civility_staff")
    page = client.post(f"/staff/events/{event.pk}/checkin/", {"code": reg.code})
    assert page.status_code == 200
    assert "签到成功" in page.content.decode()
    again = client.post(
        f"/staff/events/{event.pk}/checkin/",
        {"code": "000000" if reg.code != "000000" else "111111"},
    )
    assert "签到码不正确" in again.content.decode()
