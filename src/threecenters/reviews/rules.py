"""Predicates of the review kernel. Subject apps combine them with their own scoping rules."""

from __future__ import annotations

import rules

from threecenters.reviews.models import Application, Assignment


@rules.predicate
def is_assigned_reviewer(user, application: Application | None) -> bool:
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return Assignment.objects.filter(
        application=application, round=application.round, reviewer=user
    ).exists()


rules.add_perm("reviews.score", is_assigned_reviewer)
