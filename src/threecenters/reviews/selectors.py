"""Reads of the review workflow: score summaries, and the rules that depend on the stage — who
may score, which score sheets a reviewer sees, what the applicant sees — answered from the
kind's stage declarations; the 公示 lists and the objections staff handle."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from threecenters.core.models import User
from threecenters.reviews import registry
from threecenters.reviews.models import (
    Application,
    Assignment,
    Decision,
    Objection,
    Publicity,
    Transition,
)
from threecenters.reviews.registry import StageKind, Visibility


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
    """Staff see every sheet. A reviewer sees their own, and the other sheets of the same stage
    as that stage declares (``reviewers_see_others``: never, after their own is submitted, or
    always — an unsubmitted sheet is never shown to another reviewer). Anyone else sees none."""
    assignments = list(assignments_for(application))
    if staff:
        return assignments
    own = [a for a in assignments if a.reviewer_id == user.pk]
    if not own:
        return []
    spec = registry.get(application.kind)
    seen = {a.pk for a in own}
    for mine in own:
        rule = spec.stage(mine.stage).reviewers_see_others
        if rule == Visibility.ALWAYS or (rule == Visibility.AFTER_OWN and mine.scored_at):
            seen |= {a.pk for a in assignments if a.stage == mine.stage and a.scored_at is not None}
    return [a for a in assignments if a.pk in seen]


def may_score(user, application: Application | None) -> bool:
    """An assigned reviewer of the current review stage and round."""
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    if application.stage.kind != StageKind.REVIEW:
        return False
    return Assignment.objects.filter(
        application=application,
        round=application.round,
        stage=application.state,
        reviewer=user,
    ).exists()


def applicant_sees(application: Application | None, what: str) -> bool:
    """Whether the current stage shows the applicant ``what`` (``registry.Shown``)."""
    return application is not None and what in application.stage.applicant_sees


def reviewers_needed(application: Application) -> int:
    """Scored sheets the current stage needs before it can be left (review stages)."""
    return registry.get(application.kind).reviewers_needed(application.stage)


def transitions_for(application: Application) -> QuerySet[Transition]:
    return application.transitions.select_related("actor", "application").order_by("at", "id")


def decisions_for(application: Application) -> QuerySet[Decision]:
    return application.decisions.select_related("decided_by").order_by("round")


def latest_decision(application: Application) -> Decision | None:
    return application.decisions.order_by("-round").first()


# ---------------------------------------------------------------- publicity (公示)
def open_publicities(kind: str | None = None) -> QuerySet[Publicity]:
    """What is under publicity now (not yet closed), soonest end first."""
    qs = Publicity.objects.filter(closed_at__isnull=True).select_related("application__applicant")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("ends_at", "id")


def publicity_by_token(token: str) -> Publicity | None:
    if not registry.TOKEN.match(token or ""):
        return None
    return Publicity.objects.select_related("application__applicant").filter(token=token).first()


def managed_filter(user) -> Q | None:
    """The applications ``user`` manages across every kind, or None when they manage none."""
    if not getattr(user, "is_authenticated", False):
        return None
    combined = None
    for spec in registry.registered():
        scope = spec.managed_by(user)
        if scope is None:
            continue
        part = Q(kind=spec.key) & scope
        combined = part if combined is None else combined | part
    return combined


def manages(user, application: Application) -> bool:
    scope = managed_filter(user)
    return scope is not None and Application.objects.filter(scope, pk=application.pk).exists()


def managed_publicities(user) -> QuerySet[Publicity]:
    """Open 公示 of the applications ``user`` manages."""
    scope = managed_filter(user)
    if scope is None:
        return Publicity.objects.none()
    return open_publicities().filter(application__in=Application.objects.filter(scope))


def objections_for(user, *, status: str | None = Objection.Status.PENDING) -> QuerySet[Objection]:
    """Objections to the 公示 of applications ``user`` manages."""
    scope = managed_filter(user)
    if scope is None:
        return Objection.objects.none()
    qs = Objection.objects.filter(
        publicity__application__in=Application.objects.filter(scope)
    ).select_related("publicity", "author")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "id")


def pending_objection_count(user) -> int:
    return objections_for(user).count()
