"""A proposal sent back for revision is resubmitted as a new version with a diff."""

import pytest

from tests.proposals.fixtures import LOW, decide
from threecenters.proposals import selectors, services
from threecenters.reviews.models import State

pytestmark = pytest.mark.django_db


def test_a_revision_is_a_new_version_with_what_changed(scored, personas):
    worker = personas["worker_jiaolong"]
    decide(scored, personas, outcome="needs_revision", reasons=["budget"])
    scored.refresh_from_db()
    services.proposal_save(actor=worker, proposal=scored, budget_fen=9_000_000)
    proposal = services.proposal_submit(actor=worker, proposal=scored)
    assert proposal.version == 2
    assert proposal.application.state == State.SUBMITTED
    assert proposal.application.round == 2
    diff = selectors.version_diff(proposal)
    assert [(c.label, c.old, c.new) for c in diff] == [("预算（元）", "180,000.00", "90,000.00")]
    page = __import__("django.test", fromlist=["Client"]).Client()
    page.force_login(worker)
    html = page.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "第 2 版的修改" in html and "90,000.00" in html


def test_the_second_round_can_be_decided_again(scored, personas, expert2):
    from tests.proposals.fixtures import scores

    HIGH = dict.fromkeys(LOW, 5)  # noqa: N806

    worker = personas["worker_jiaolong"]
    decide(scored, personas, outcome="needs_revision", reasons=["budget"])
    scored.refresh_from_db()
    services.proposal_save(actor=worker, proposal=scored, budget_fen=9_000_000)
    proposal = services.proposal_submit(actor=worker, proposal=scored)
    # a new round is reviewed afresh: assign, score, decide again
    for expert in (personas["expert"], expert2):
        services.expert_assign(
            actor=personas["governance_staff"], proposal=proposal, expert_user=expert
        )
    proposal.application.refresh_from_db()
    assert proposal.application.state == State.UNDER_REVIEW
    for expert in (personas["expert"], expert2):
        services.proposal_score(actor=expert, proposal=proposal, scores=scores(HIGH))
    decision = decide(proposal, personas, outcome="approved", reasons=())
    assert decision.round == 2
    assert proposal.application.assignments.filter(round=2).count() == 2
