"""Drafts are saved as they are; submission checks the required fields and stores a version."""

import pytest

from threecenters.proposals import services
from threecenters.proposals.models import Proposal
from threecenters.reviews.models import State
from threecenters.reviews.services import ReviewError

pytestmark = pytest.mark.django_db


def test_an_incomplete_draft_is_saved_but_cannot_be_submitted(personas, world):
    worker = personas["worker_jiaolong"]
    draft = services.proposal_save(
        actor=worker, community=world["communities"]["jiaolong"], title="只有标题", type="other"
    )
    assert draft.is_draft
    with pytest.raises(ReviewError) as err:
        services.proposal_submit(actor=worker, proposal=draft)
    assert err.value.status == 422
    assert {"area_m2", "budget_fen", "description"} <= set(err.value.fields)
    draft.refresh_from_db()
    assert draft.application_id is None and draft.version == 0


def test_submitting_starts_the_review_workflow_and_keeps_version_one(submitted):
    assert submitted.application.state == State.SUBMITTED
    assert submitted.version == 1
    assert submitted.versions.get().data["title"] == submitted.title
    assert submitted.application.rubric.criteria.count() == 6


def test_submitting_twice_is_idempotent(submitted, personas):
    again = services.proposal_submit(actor=personas["worker_jiaolong"], proposal=submitted)
    assert again.version == 1 and again.versions.count() == 1


def test_the_governance_center_hears_of_a_new_proposal(submitted, personas):
    assert personas["governance_staff"].notifications.filter(kind="proposal.submitted").exists()


def test_a_submitted_proposal_cannot_be_edited(submitted, personas):
    with pytest.raises(ReviewError) as err:
        services.proposal_save(actor=personas["worker_jiaolong"], proposal=submitted, title="改名")
    assert err.value.status == 409
    assert Proposal.objects.get(pk=submitted.pk).title == submitted.title
