"""Reads for projects: progress from weighted milestones, and the milestones to remind about."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from threecenters.projects.models import Milestone, Status


def progress_percent(milestones: Iterable[Milestone]) -> int:
    """The weighted share of done milestones, as a whole percentage (0 without milestones)."""
    milestones = list(milestones)
    total = sum(m.weight for m in milestones)
    if not total:
        return 0
    done = sum(m.weight for m in milestones if m.done_at is not None)
    return int((Decimal(done) * 100 / total).to_integral_value(rounding=ROUND_HALF_UP))


def milestones_needing_reminder(*, today: date, days_ahead: int = 3) -> QuerySet[Milestone]:
    """Open milestones of active projects due within ``days_ahead`` days or overdue."""
    return (
        Milestone.objects.open()
        .filter(due_on__lte=today + timedelta(days=days_ahead), project__status=Status.ACTIVE)
        .select_related("project")
        .order_by("project_id", "due_on", "id")
    )
