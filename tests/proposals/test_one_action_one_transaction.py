"""Each user action is one service call in one transaction: when a later step of the action
fails, the earlier steps are undone too; the page and the API call this one service."""

from __future__ import annotations

import pytest

from tests.proposals.fixtures import FULL
from threecenters.core.kit import ServiceError
from threecenters.proposals import services as proposals
from threecenters.proposals.models import Proposal


class Broken(Exception):
    """A failure injected into the second step of an action."""


def _break(monkeypatch, module, name: str) -> None:
    def broken(**kwargs):
        raise Broken(name)

    monkeypatch.setattr(module, name, broken)


@pytest.mark.django_db
def test_saving_and_submitting_is_one_transaction(personas, world):
    worker = personas["worker_jiaolong"]
    draft = proposals.proposal_save(
        actor=worker, community=world["communities"]["jiaolong"], title="草稿", type="other"
    )
    with pytest.raises(ServiceError) as refused:
        proposals.proposal_save(actor=worker, proposal=draft, title="改过的名字", submit=True)
    assert refused.value.status == 422 and "description" in refused.value.fields
    draft.refresh_from_db()
    assert draft.title == "草稿" and draft.is_draft
    submitted = proposals.proposal_save(actor=worker, proposal=draft, submit=True, **FULL)
    assert not submitted.is_draft and submitted.version == 1


@pytest.mark.django_db
def test_a_submission_that_fails_after_saving_leaves_no_new_draft(personas, world, monkeypatch):
    _break(monkeypatch, proposals, "proposal_submit")
    with pytest.raises(Broken):
        proposals.proposal_save(
            actor=personas["worker_jiaolong"],
            community=world["communities"]["jiaolong"],
            submit=True,
            **FULL,
        )
    assert not Proposal.objects.exists()
