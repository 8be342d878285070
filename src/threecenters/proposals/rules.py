"""Who may do what with proposals. Views, API and admin all ask ``user.has_perm``."""

from __future__ import annotations

import rules

from threecenters.core import roles
from threecenters.core.models import Center
from threecenters.proposals.models import Proposal
from threecenters.reviews.models import Assignment, State
from threecenters.reviews.selectors import may_score


def governance_subdistrict_ids(user) -> set[int]:
    """Subdistricts whose governance center this person staffs."""
    return {
        a.center.subdistrict_id
        for a in roles.assignments(user)
        if a.role == roles.Role.CENTER_STAFF
        and a.center_id
        and a.center.kind == Center.Kind.GOVERNANCE
    }


def board_subdistrict_ids(user) -> set[int]:
    return governance_subdistrict_ids(user) | roles.admin_subdistrict_ids(user)


def _subdistrict_id(proposal: Proposal) -> int | None:
    return proposal.subdistrict_id


def _state(proposal: Proposal) -> str | None:
    return proposal.application.state if proposal.application_id else None


def is_assigned_expert(user, proposal: Proposal) -> bool:
    """Assigned in any round: an expert keeps access to what they reviewed."""
    if not proposal.application_id or not getattr(user, "is_authenticated", False):
        return False
    return Assignment.objects.filter(application_id=proposal.application_id, reviewer=user).exists()


@rules.predicate
def can_create(user, community=None) -> bool:
    worked = roles.worked_community_ids(user)
    return bool(worked) if community is None else community.pk in worked


@rules.predicate
def can_view(user, proposal: Proposal) -> bool:
    if proposal.community_id in roles.worked_community_ids(user):
        return True
    if proposal.is_draft:
        return False
    if _subdistrict_id(proposal) in board_subdistrict_ids(user):
        return True
    return is_assigned_expert(user, proposal)


@rules.predicate
def can_edit(user, proposal: Proposal) -> bool:
    if proposal.community_id not in roles.worked_community_ids(user):
        return False
    return proposal.editable


@rules.predicate
def is_reviewing_staff(user, proposal: Proposal) -> bool:
    """Governance-center staff of the proposal's subdistrict, the people who assign and decide."""
    return not proposal.is_draft and _subdistrict_id(proposal) in governance_subdistrict_ids(user)


@rules.predicate
def can_see_reviews(user, proposal: Proposal) -> bool:
    """Staff (governance center, subdistrict admin) see every score sheet and the feasibility
    pre-check; the applicant does not."""
    return not proposal.is_draft and _subdistrict_id(proposal) in board_subdistrict_ids(user)


@rules.predicate
def can_see_visits(user, proposal: Proposal) -> bool:
    """The site visits (findings, measurements, photos) in full: the staff who see the reviews
    and every expert assigned to the proposal."""
    return can_see_reviews(user, proposal) or is_assigned_expert(user, proposal)


@rules.predicate
def can_review(user, proposal: Proposal) -> bool:
    """Visit and score: the kernel's answer (an expert assigned to the current review stage)."""
    return not proposal.is_draft and may_score(user, proposal.application)


@rules.predicate
def can_track(user, proposal: Proposal) -> bool:
    if not proposal.tracked:
        return False
    return proposal.community_id in roles.worked_community_ids(user) or is_reviewing_staff(
        user, proposal
    )


@rules.predicate
def can_withdraw(user, proposal: Proposal) -> bool:
    return proposal.community_id in roles.worked_community_ids(user) and _state(proposal) in {
        State.SUBMITTED,
        State.ELIGIBILITY,
        State.UNDER_REVIEW,
    }


@rules.predicate
def can_make_case(user, proposal: Proposal) -> bool:
    """Turn the project into a case: governance-center staff of its subdistrict or a worker of
    the applicant community. Whether the project is closed is the service's check (409)."""
    if proposal.is_draft:
        return False
    return proposal.community_id in roles.worked_community_ids(user) or is_reviewing_staff(
        user, proposal
    )


@rules.predicate
def can_view_board(user) -> bool:
    return bool(board_subdistrict_ids(user))


@rules.predicate
def is_expert(user) -> bool:
    return roles.has_role(user, roles.Role.EXPERT)


@rules.predicate
def can_manage_experts(user) -> bool:
    return bool(board_subdistrict_ids(user))


@rules.predicate
def has_proposals(user) -> bool:
    return bool(roles.worked_community_ids(user))


rules.add_perm("proposals.create", can_create)
rules.add_perm("proposals.view_mine", has_proposals)
rules.add_perm("proposals.view", can_view)
rules.add_perm("proposals.edit", can_edit)
rules.add_perm("proposals.withdraw", can_withdraw)
rules.add_perm("proposals.see_reviews", can_see_reviews)
rules.add_perm("proposals.see_visits", can_see_visits)
rules.add_perm("proposals.assign", is_reviewing_staff)
rules.add_perm("proposals.decide", is_reviewing_staff)
rules.add_perm("proposals.review", can_review)
rules.add_perm("proposals.track", can_track)
rules.add_perm("proposals.make_case", can_make_case)
rules.add_perm("proposals.view_board", can_view_board)
rules.add_perm("proposals.view_queue", is_expert)
rules.add_perm("proposals.manage_experts", can_manage_experts)
