"""Proposals as a kind of subject of the review workflow: its stages, reviewers and rubric."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from threecenters.reviews import registry
from threecenters.reviews.models import State
from threecenters.reviews.registry import CriterionSpec, Shown, Stage, StageKind, Visibility

KIND = "proposal"

DEFAULT_RUBRIC = [
    CriterionSpec("necessity", _("必要性"), 2),
    CriterionSpec("space", _("空间适配性"), 2),
    CriterionSpec("reach", _("覆盖面与人流量"), 2),
    CriterionSpec("cost_benefit", _("投入产出"), 1),
    CriterionSpec("sustainability", _("可持续性"), 1),
    CriterionSpec("safety", _("安全性"), 1),
]

# submitted → eligibility → under review → decided → in progress → closed, or withdrawn; a
# decision "needs revision" goes back to submitted in a new round. Experts see each other's
# sheets once their own is in; the applicant sees the decision with the experts' findings, never
# individual scores.
STAGES = (
    Stage(
        State.SUBMITTED,
        State.SUBMITTED.label,
        StageKind.INTAKE,
        next=(State.ELIGIBILITY, State.WITHDRAWN),
    ),
    Stage(
        State.ELIGIBILITY,
        State.ELIGIBILITY.label,
        StageKind.ELIGIBILITY,
        next=(State.UNDER_REVIEW, State.DECIDED, State.WITHDRAWN),
    ),
    Stage(
        State.UNDER_REVIEW,
        State.UNDER_REVIEW.label,
        StageKind.REVIEW,
        next=(State.DECIDED, State.WITHDRAWN),
        reviewers_see_others=Visibility.AFTER_OWN,
    ),
    Stage(
        State.DECIDED,
        State.DECIDED.label,
        StageKind.DECISION,
        next=(State.IN_PROGRESS, State.SUBMITTED),
        applicant_sees=frozenset({Shown.DECISION, Shown.FINDINGS}),
    ),
    Stage(
        State.IN_PROGRESS,
        State.IN_PROGRESS.label,
        StageKind.IMPLEMENTATION,
        next=(State.CLOSED,),
    ),
    Stage(State.CLOSED, State.CLOSED.label, StageKind.CLOSED),
    Stage(State.WITHDRAWN, State.WITHDRAWN.label, StageKind.WITHDRAWN),
)


def _url(application) -> str:
    proposal = getattr(application, "proposal", None)
    return reverse("proposals:detail", args=[proposal.pk]) if proposal is not None else ""


def _min_reviewers() -> int:
    return settings.REVIEW_MIN_REVIEWERS


def register_kind() -> None:
    from threecenters.proposals.models import ReasonCode

    registry.register(
        registry.SubjectKind(
            key=KIND,
            label=_("社区项目提案"),
            stages=STAGES,
            min_reviewers=_min_reviewers,
            reason_codes=list(ReasonCode.choices),
            default_rubric=DEFAULT_RUBRIC,
            subject_url=_url,
        )
    )
