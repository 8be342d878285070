"""Approved proposals as an owner kind of the projects kernel: who sees and tracks a proposal's
project, where its reminders link and who receives them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from threecenters.projects import registry

KIND = "proposal"


def _proposal(project):
    from threecenters.proposals.models import Proposal

    try:
        return project.proposal
    except Proposal.DoesNotExist:
        return None


def _may_view(user, project) -> bool:
    from threecenters.proposals.rules import can_view

    proposal = _proposal(project)
    return proposal is not None and can_view(user, proposal)


def _may_track(user, project) -> bool:
    from threecenters.proposals.rules import can_track

    proposal = _proposal(project)
    return proposal is not None and can_track(user, proposal)


def _url(project) -> str:
    proposal = _proposal(project)
    return reverse("proposals:detail", args=[proposal.pk]) if proposal is not None else ""


def _recipients(project) -> list:
    """The proposal's author and the workers of the applicant community."""
    from threecenters.core import roles
    from threecenters.core.models import User

    proposal = _proposal(project)
    if proposal is None:
        return []
    people = {proposal.author_id: proposal.author}
    for user in User.objects.filter(
        roles__role=roles.Role.COMMUNITY_WORKER, roles__area_id=proposal.community_id
    ):
        people.setdefault(user.pk, user)
    return list(people.values())


def register_project_kind() -> None:
    registry.register(
        registry.OwnerKind(
            key=KIND,
            label=_("社区项目提案"),
            may_view=_may_view,
            may_track=_may_track,
            url=_url,
            recipients=_recipients,
        )
    )
