"""The proposals app's part of a person's data download (core.personal_data): the proposals
they filed, with the stage each has reached."""

from __future__ import annotations

from threecenters.core.personal_data import Part, iso, register_part


def proposals_part(user) -> list[dict]:
    from threecenters.proposals.models import Proposal

    qs = (
        Proposal.objects.filter(author=user)
        .select_related("community", "application")
        .order_by("created_at", "id")
    )
    return [
        {
            "title": p.title,
            "type": p.type,
            "community": p.community.name if p.community_id else None,
            "address": p.address,
            "description": p.description,
            "budget_fen": p.budget_fen,
            "version": p.version,
            "created_at": iso(p.created_at),
            "submitted_at": iso(p.submitted_at),
            "stage": p.application.state if p.application_id else "draft",
            "stage_label": str(p.application.get_state_display()) if p.application_id else None,
            "outcome": p.application.outcome if p.application_id else "",
        }
        for p in qs
    ]


def register() -> None:
    register_part(Part("proposals", proposals_part, order=300))
