"""Two staff deciding at once: exactly one decision wins, on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connection

from tests.proposals.fixtures import FULL, scores
from threecenters.proposals import services
from threecenters.reviews.models import Decision, State, Transition
from threecenters.reviews.services import ReviewError


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_decisions_wins(personas, world):
    from tests.conftest import Role, make_user

    expert2 = make_user("expert2", Role.EXPERT, area=world["subdistrict"])
    staff = personas["governance_staff"]
    second_staff = make_user(
        "governance_staff2", Role.CENTER_STAFF, center=world["centers"]["governance"]
    )
    worker = personas["worker_jiaolong"]
    proposal = services.proposal_save(
        actor=worker, community=world["communities"]["jiaolong"], **FULL
    )
    proposal = services.proposal_submit(actor=worker, proposal=proposal)
    for expert in (personas["expert"], expert2):
        services.expert_assign(actor=staff, proposal=proposal, expert_user=expert)
    for expert in (personas["expert"], expert2):
        services.proposal_score(actor=expert, proposal=proposal, scores=scores())

    barrier = threading.Barrier(2)
    results: list[str] = []

    def decide(actor, outcome):
        try:
            from threecenters.proposals.models import Proposal

            mine = Proposal.objects.select_related("application", "community").get(pk=proposal.pk)
            barrier.wait(timeout=10)
            services.proposal_decide(
                actor=actor,
                proposal=mine,
                outcome=outcome,
                reason_codes=["area"],
                explanation="并发决定",
            )
            results.append(outcome)
        except ReviewError as exc:
            results.append(f"refused:{exc.status}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(staff, "rejected")),
        threading.Thread(target=decide, args=(second_staff, "needs_revision")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(r.startswith("refused") for r in results) == [False, True]
    assert "refused:409" in results
    assert Decision.objects.filter(application=proposal.application_id).count() == 1
    winner = Decision.objects.get(application=proposal.application_id)
    proposal.application.refresh_from_db()
    assert proposal.application.state == State.DECIDED
    assert proposal.application.outcome == winner.outcome
    assert (
        Transition.objects.filter(
            application=proposal.application_id, to_state=State.DECIDED
        ).count()
        == 1
    )
