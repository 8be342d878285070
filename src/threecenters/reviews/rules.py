"""Predicates of the review kernel. Subject apps combine them with their own scoping rules; who
manages an application (handles its objections, closes its 公示) is the kind's ``managed_by``."""

from __future__ import annotations

import rules

from threecenters.reviews import selectors
from threecenters.reviews.models import Application, Objection, Publicity


@rules.predicate
def is_assigned_reviewer(user, application: Application | None) -> bool:
    """May score now: assigned to the current review stage of the current round."""
    return selectors.may_score(user, application)


@rules.predicate
def manages_publicity(user, publicity: Publicity | None) -> bool:
    return publicity is not None and selectors.manages(user, publicity.application)


@rules.predicate
def manages_objection(user, objection: Objection | None) -> bool:
    return objection is not None and selectors.manages(user, objection.publicity.application)


@rules.predicate
def manages_any(user) -> bool:
    return selectors.managed_filter(user) is not None


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


rules.add_perm("reviews.score", is_assigned_reviewer)
rules.add_perm("reviews.object", is_signed_in)
rules.add_perm("reviews.close_publicity", manages_publicity)
rules.add_perm("reviews.handle_objection", manages_objection)
rules.add_perm("reviews.view_objections", manages_any)
