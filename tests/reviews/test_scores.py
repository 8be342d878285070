"""Scores: 1–5 per criterion, weighted; a reviewer sees others' scores only after their own."""

import pytest

from tests.proposals.fixtures import scores
from threecenters.proposals import services
from threecenters.reviews import selectors
from threecenters.reviews.models import Score
from threecenters.reviews.services import ReviewError

pytestmark = pytest.mark.django_db


def test_a_reviewer_sees_others_scores_only_after_submitting_their_own(
    under_review, personas, expert2
):
    app = under_review.application
    services.proposal_score(actor=expert2, proposal=under_review, scores=scores())
    before = selectors.visible_sheets(app, personas["expert"], staff=False)
    assert [a.reviewer for a in before] == [personas["expert"]]
    services.proposal_score(actor=personas["expert"], proposal=under_review, scores=scores())
    after = selectors.visible_sheets(app, personas["expert"], staff=False)
    assert {a.reviewer for a in after} == {personas["expert"], expert2}


def test_someone_not_assigned_sees_no_score_sheet(scored, personas):
    assert selectors.visible_sheets(scored.application, personas["resident"], staff=False) == []


def test_staff_see_the_weighted_aggregate_and_the_spread(under_review, personas, expert2):
    # weights: necessity 2, space 2, reach 2, cost_benefit 1, sustainability 1, safety 1 (sum 9)
    services.proposal_score(
        actor=personas["expert"], proposal=under_review, scores=scores(dict.fromkeys(LOWKEYS, 5))
    )
    services.proposal_score(
        actor=expert2, proposal=under_review, scores=scores(dict.fromkeys(LOWKEYS, 1))
    )
    summary = selectors.score_summary(under_review.application)
    assert summary.scored == 2
    assert str(summary.aggregate) == "3.00"
    assert str(summary.spread) == "4.00"


def test_weights_change_the_weighted_score(under_review, personas):
    values = dict.fromkeys(LOWKEYS, 1) | {"necessity": 5}
    a = services.proposal_score(
        actor=personas["expert"], proposal=under_review, scores=scores(values)
    )
    assert str(a.weighted_score) == "1.89"  # (5*2 + 1*2 + 1*2 + 1 + 1 + 1) / 9


@pytest.mark.parametrize("bad", [0, 6, -1, "3", 2.5, True])
def test_it_refuses_a_score_out_of_range(under_review, personas, bad):
    values = dict.fromkeys(LOWKEYS, 3)
    sheet = {k: (v, "") for k, v in values.items()} | {"space": (bad, "")}
    with pytest.raises(ReviewError) as err:
        services.proposal_score(actor=personas["expert"], proposal=under_review, scores=sheet)
    assert err.value.status == 422 and "space" in err.value.fields
    assert not Score.objects.exists()


def test_it_refuses_a_second_score_sheet(under_review, personas):
    services.proposal_score(actor=personas["expert"], proposal=under_review, scores=scores())
    with pytest.raises(ReviewError) as err:
        services.proposal_score(actor=personas["expert"], proposal=under_review, scores=scores())
    assert err.value.status == 409
    assert Score.objects.count() == 6


LOWKEYS = ["necessity", "space", "reach", "cost_benefit", "sustainability", "safety"]
