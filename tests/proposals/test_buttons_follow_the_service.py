"""A step's button is shown exactly when its service allows the step: the page and the service
ask the same model rule, never a copy of it in the template."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from tests.proposals.fixtures import decide
from threecenters.core.kit import ServiceError
from threecenters.proposals import services
from threecenters.proposals.models import Proposal


class _Rollback(Exception):
    pass


def allows(call) -> bool:
    """Whether the service does the step (the step is undone again)."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except ServiceError:
        return False


def shown(client, proposal) -> dict[str, bool]:
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    return {
        "decide": reverse("proposals:decide", args=[proposal.pk]) in page,
        "start": reverse("proposals:start", args=[proposal.pk]) in page,
    }


def allowed(staff, proposal) -> dict[str, bool]:
    def fresh() -> Proposal:
        return Proposal.objects.select_related("application").get(pk=proposal.pk)

    return {
        "decide": allows(
            lambda: services.proposal_decide(
                actor=staff,
                proposal=fresh(),
                outcome="approved",
                reason_codes=[],
                explanation="可以实施。",
            )
        ),
        "start": allows(lambda: services.proposal_start(actor=staff, proposal=fresh())),
    }


@pytest.mark.django_db
def test_decide_and_start_are_offered_exactly_when_the_services_allow_them(
    scored, personas, client_for
):
    staff = personas["governance_staff"]
    client = client_for("governance_staff")
    assert shown(client, scored) == allowed(staff, scored) == {"decide": True, "start": False}
    decide(scored, personas, outcome="approved", reasons=())
    scored = Proposal.objects.get(pk=scored.pk)
    assert shown(client, scored) == allowed(staff, scored) == {"decide": False, "start": True}
    services.proposal_start(actor=staff, proposal=scored)
    scored = Proposal.objects.get(pk=scored.pk)
    assert shown(client, scored) == allowed(staff, scored) == {"decide": False, "start": False}


@pytest.mark.django_db
def test_a_rejected_proposal_offers_no_start_and_the_service_refuses_it(
    scored, personas, client_for
):
    decide(scored, personas, outcome="rejected")
    staff = personas["governance_staff"]
    assert shown(client_for("governance_staff"), scored) == allowed(staff, scored)
    assert allowed(staff, scored) == {"decide": False, "start": False}
