"""The minimum of scored sheets is the kind's: the proposal kind reads
THREECENTERS_REVIEW_MIN_REVIEWERS when it is needed."""

import pytest

from tests.proposals.fixtures import decide
from threecenters.proposals.kind import KIND
from threecenters.reviews import registry, selectors
from threecenters.reviews.services import ReviewError

pytestmark = pytest.mark.django_db


def test_the_proposal_kind_takes_its_minimum_from_the_setting(scored, personas, settings):
    assert selectors.reviewers_needed(scored.application) == 2
    settings.REVIEW_MIN_REVIEWERS = 3
    assert registry.get(KIND).reviewers_needed(registry.get(KIND).stage("under_review")) == 3
    with pytest.raises(ReviewError) as err:
        decide(scored, personas)
    assert err.value.code == "too_few_reviews" and "3" in err.value.message
    settings.REVIEW_MIN_REVIEWERS = 2
    decide(scored, personas)
    scored.application.refresh_from_db()
    assert scored.application.state == "decided"


def test_a_kind_with_stages_is_checked_when_registered():
    from threecenters.reviews.registry import Stage, StageKind, SubjectKind

    with pytest.raises(ValueError):
        registry.register(SubjectKind(key="broken", label="x"))
    with pytest.raises(ValueError):
        registry.register(
            SubjectKind(
                key="broken",
                label="x",
                stages=(Stage("a", "A", StageKind.PUBLICITY, next=("a",), publicity_days=5),),
            )
        )
    with pytest.raises(ValueError):
        registry.register(
            SubjectKind(key="0" * 32, label="x", stages=(Stage("a", "A", StageKind.CLOSED),))
        )
    with pytest.raises(LookupError):
        registry.get("broken")
