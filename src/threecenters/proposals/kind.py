"""Proposals as a kind of subject of the review workflow."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from threecenters.reviews import registry
from threecenters.reviews.registry import CriterionSpec

KIND = "proposal"

DEFAULT_RUBRIC = [
    CriterionSpec("necessity", _("必要性"), 2),
    CriterionSpec("space", _("空间适配性"), 2),
    CriterionSpec("reach", _("覆盖面与人流量"), 2),
    CriterionSpec("cost_benefit", _("投入产出"), 1),
    CriterionSpec("sustainability", _("可持续性"), 1),
    CriterionSpec("safety", _("安全性"), 1),
]


def _url(application) -> str:
    proposal = getattr(application, "proposal", None)
    return reverse("proposals:detail", args=[proposal.pk]) if proposal is not None else ""


def register_kind() -> None:
    from threecenters.proposals.models import ReasonCode

    registry.register(
        registry.SubjectKind(
            key=KIND,
            label=_("社区项目提案"),
            reason_codes=list(ReasonCode.choices),
            default_rubric=DEFAULT_RUBRIC,
            subject_url=_url,
        )
    )
