"""Only listed status transitions are allowed, and each status knows whether it holds seats."""

from __future__ import annotations

import pytest

from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Registration
from threecenters.events.services import EventError
from threecenters.events.services.common import _transition

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_every_status_says_whether_it_counts():
    assert set(Registration.COUNTED) == set(S)
    assert {s for s, counted in Registration.COUNTED.items() if counted} == {
        S.REGISTERED,
        S.CHECKED_IN,
        S.NO_SHOW,
    }


def test_a_rejected_registration_cannot_be_checked_in(world, personas):
    event = published_event(world, personas, approval_required=True)
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    services.registration_decide(registration=reg, actor=personas["civility_staff"], approve=False)
    with pytest.raises(EventError) as err:
        services.registration_check_in(event=event, actor=personas["civility_staff"], code=reg.code)
    assert err.value.code == "not_registered"


def test_it_refuses_a_second_decision(world, personas):
    event = published_event(world, personas, approval_required=True)
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    services.registration_decide(registration=reg, actor=personas["civility_staff"], approve=True)
    with pytest.raises(EventError):
        services.registration_decide(
            registration=reg, actor=personas["civility_staff"], approve=False
        )
    reg.refresh_from_db()
    assert reg.status == S.REGISTERED


def test_an_unlisted_transition_is_refused():
    reg = Registration(status=S.CHECKED_IN)
    with pytest.raises(EventError):
        _transition(reg, S.WAITLISTED)
