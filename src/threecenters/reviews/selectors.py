"""Reads of the review workflow: score summaries and who may see which score sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from threecenters.core.models import User
from threecenters.reviews.models import Application, Assignment, Decision, Transition


@dataclass
class CriterionSummary:
    label: str
    weight: int
    mean: Decimal | None


@dataclass
class ScoreSummary:
    """For staff: each reviewer's weighted score, their mean and the spread (max − min)."""

    reviewers: int
    scored: int
    aggregate: Decimal | None
    spread: Decimal | None
    criteria: list[CriterionSummary] = field(default_factory=list)


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def assignments_for(application: Application) -> QuerySet[Assignment]:
    """The reviewers of the current round."""
    return (
        Assignment.objects.filter(application=application, round=application.round)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        .order_by("assigned_at", "id")
    )


def score_summary(application: Application) -> ScoreSummary:
    assignments = list(assignments_for(application))
    totals = [a.weighted_score for a in assignments if a.weighted_score is not None]
    per_criterion: dict[int, list[int]] = {}
    for a in assignments:
        for s in a.scores.all():
            per_criterion.setdefault(s.criterion_id, []).append(s.value)
    criteria = []
    if application.rubric_id:
        for c in application.rubric.criteria.all():
            values = per_criterion.get(c.pk, [])
            mean = _q(Decimal(sum(values)) / len(values)) if values else None
            criteria.append(CriterionSummary(label=c.label, weight=c.weight, mean=mean))
    return ScoreSummary(
        reviewers=len(assignments),
        scored=len(totals),
        aggregate=_q(sum(totals, Decimal(0)) / len(totals)) if totals else None,
        spread=_q(max(totals) - min(totals)) if totals else None,
        criteria=criteria,
    )


def visible_sheets(application: Application, user: User, *, staff: bool) -> list[Assignment]:
    """Staff see every sheet. A reviewer sees their own, and the others' only once their own is
    submitted. Anyone else sees none."""
    assignments = list(assignments_for(application))
    if staff:
        return assignments
    own = next((a for a in assignments if a.reviewer_id == user.pk), None)
    if own is None:
        return []
    if own.scored_at is None:
        return [own]
    return [a for a in assignments if a.scored_at is not None or a.pk == own.pk]


def transitions_for(application: Application) -> QuerySet[Transition]:
    return application.transitions.select_related("actor").order_by("at", "id")


def decisions_for(application: Application) -> QuerySet[Decision]:
    return application.decisions.select_related("decided_by").order_by("round")


def latest_decision(application: Application) -> Decision | None:
    return application.decisions.order_by("-round").first()
