"""How proposals appear in the platform's search: never public. A community's workers find their
communities' submitted proposals, governance-center staff and subdistrict admins those of the
subdistricts they oversee (see ``private_communities``); drafts stay out of the index."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from threecenters.core import roles
from threecenters.core.models import Area
from threecenters.search.registry import Document, SearchType, register


def proposal_document(proposal) -> Document | None:
    if proposal.is_draft:
        return None
    from threecenters.reviews.selectors import latest_decision
    from threecenters.reviews.services import reason_choices

    decision = latest_decision(proposal.application)
    with translation.override("zh-hans"):
        labels = dict(reason_choices(proposal.application.kind))
        reasons = [str(labels.get(c, c)) for c in (decision.reason_codes if decision else [])]
        tags = [proposal.get_type_display(), proposal.building_part, *reasons]
    body = "\n".join(
        part
        for part in [
            proposal.description,
            proposal.address,
            proposal.target_groups,
            decision.explanation if decision else "",
        ]
        if part
    )
    submitted = proposal.submitted_at or proposal.created_at
    return Document(
        title=proposal.title,
        body=body,
        tags=[t for t in tags if t],
        community_id=proposal.community_id,
        year=timezone.localtime(submitted).year,
        type="proposal",
    )


def visible_community_ids(user) -> set[int]:
    """Communities whose submitted proposals this person may open (``rules.can_view``)."""
    from threecenters.proposals.rules import board_subdistrict_ids

    ids = set(roles.worked_community_ids(user))
    board = board_subdistrict_ids(user)
    if board:
        ids |= set(
            Area.objects.filter(parent_id__in=board, level=Area.Level.COMMUNITY).values_list(
                "id", flat=True
            )
        )
    return ids


def register_proposals() -> None:
    from threecenters.proposals.models import Proposal

    register(
        SearchType(
            name="proposal",
            label=_("项目提案"),
            model=Proposal,
            to_document=proposal_document,
            url=lambda proposal: reverse("proposals:detail", args=[proposal.pk]),
            is_public=lambda proposal: False,
            private_communities=visible_community_ids,
            queryset=lambda: Proposal.objects.filter(application__isnull=False).select_related(
                "application"
            ),
        )
    )
