"""Only the listed transitions happen, each recorded with actor, time and note."""

import pytest

from tests.conftest import make_user
from threecenters.proposals.kind import KIND
from threecenters.reviews import registry, services
from threecenters.reviews.models import State
from threecenters.reviews.services import ReviewError

# the proposal kind's declared moves (its stages are data on the kind)
TRANSITIONS = registry.get(KIND).transitions


@pytest.fixture
def application(db):
    return services.application_open(actor=make_user("applicant"), kind=KIND, note="首次提交")


def test_it_records_each_transition_with_actor_time_and_note(application):
    actor = application.applicant
    services.application_transition(
        actor=actor, application=application, to=State.ELIGIBILITY, note="资格审查"
    )
    rows = list(application.transitions.order_by("id"))
    assert [(r.from_state, r.to_state) for r in rows] == [
        ("", State.SUBMITTED),
        (State.SUBMITTED, State.ELIGIBILITY),
    ]
    assert rows[1].actor == actor and rows[1].note == "资格审查" and rows[1].at is not None


@pytest.mark.parametrize(
    "target", [State.DECIDED, State.IN_PROGRESS, State.CLOSED, State.UNDER_REVIEW]
)
def test_it_refuses_a_transition_that_is_not_listed(application, target):
    assert target not in TRANSITIONS[State.SUBMITTED]
    with pytest.raises(ReviewError) as err:
        services.application_transition(
            actor=application.applicant, application=application, to=target
        )
    assert err.value.status == 409
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.transitions.count() == 1


def test_a_stale_state_loses_to_the_one_that_moved_first(application):
    stale = type(application).objects.get(pk=application.pk)
    services.application_transition(
        actor=application.applicant, application=application, to=State.WITHDRAWN
    )
    with pytest.raises(ReviewError) as err:
        services.application_transition(
            actor=application.applicant, application=stale, to=State.ELIGIBILITY
        )
    assert err.value.status == 409
    stale.refresh_from_db()
    assert stale.state == State.WITHDRAWN


def test_withdrawn_and_closed_are_final():
    assert TRANSITIONS[State.WITHDRAWN] == set()
    assert TRANSITIONS[State.CLOSED] == set()
