"""Proposals at each stage of the workflow, built through the services."""

from __future__ import annotations

import datetime

import pytest

from tests.conftest import Role, make_user
from tests.factories import PROPOSAL, ProposalFactory
from threecenters.proposals import services

FULL = PROPOSAL  # a complete proposal (tests.factories)

LOW = {"necessity": 3, "space": 1, "reach": 1, "cost_benefit": 2, "sustainability": 2, "safety": 3}


def scores(values: dict[str, int] | None = None) -> dict:
    return {k: (v, "") for k, v in (values or LOW).items()}


@pytest.fixture
def expert2(world):
    return make_user("expert2", Role.EXPERT, area=world["subdistrict"])


@pytest.fixture
def draft(personas, world):
    return ProposalFactory(
        actor=personas["worker_jiaolong"], community=world["communities"]["jiaolong"], **FULL
    )


@pytest.fixture
def submitted(draft, personas):
    return services.proposal_submit(actor=personas["worker_jiaolong"], proposal=draft)


@pytest.fixture
def under_review(submitted, personas, expert2):
    staff = personas["governance_staff"]
    for expert in (personas["expert"], expert2):
        services.expert_assign(actor=staff, proposal=submitted, expert_user=expert)
    submitted.refresh_from_db()
    submitted.application.refresh_from_db()
    return submitted


@pytest.fixture
def scored(under_review, personas, expert2):
    for expert in (personas["expert"], expert2):
        services.proposal_score(actor=expert, proposal=under_review, scores=scores())
    return under_review


def decide(proposal, personas, outcome="rejected", reasons=("area", "traffic")):
    return services.proposal_decide(
        actor=personas["governance_staff"],
        proposal=proposal,
        outcome=outcome,
        reason_codes=list(reasons),
        explanation="小区面积不够，周边人流量较少。",
    )


@pytest.fixture
def in_progress(scored, personas):
    decide(scored, personas, outcome="approved", reasons=())
    services.proposal_start(actor=personas["governance_staff"], proposal=scored)
    scored.application.refresh_from_db()
    return scored


@pytest.fixture
def closed(in_progress, personas):
    worker = personas["worker_jiaolong"]
    first = services.milestone_add(
        actor=worker, proposal=in_progress, title="架空层清理", due_on=datetime.date(2026, 3, 1)
    )
    services.milestone_add(
        actor=worker, proposal=in_progress, title="设备采购", due_on=datetime.date(2026, 4, 1)
    )
    services.milestone_complete(actor=worker, milestone=first)
    in_progress.application.refresh_from_db()
    services.proposal_close(
        actor=worker,
        proposal=in_progress,
        summary="活动中心运行一年，老人和孩子都有了去处。",
        participants_total=5200,
        activities_count=96,
        spent_fen=17_512_050,
    )
    in_progress.application.refresh_from_db()
    return in_progress
