"""Permission predicates for the kernel's records, used by views, API and admin alike."""

from __future__ import annotations

import rules

from threecenters.core import roles
from threecenters.core.models import Article, Center, Organisation


@rules.predicate
def is_staff_member(user) -> bool:
    return roles.is_staff_member(user)


@rules.predicate
def can_manage_article(user, article: Article | None) -> bool:
    if article is None:
        return roles.is_staff_member(user)
    if article.subdistrict_id in roles.admin_subdistrict_ids(user):
        return True
    if article.center_id and article.center_id in roles.staffed_center_ids(user):
        return True
    return bool(article.community_id and article.community_id in roles.worked_community_ids(user))


@rules.predicate
def can_edit_center(user, center: Center | None) -> bool:
    if center is None:
        return bool(roles.admin_subdistrict_ids(user) or roles.staffed_center_ids(user))
    return center.subdistrict_id in roles.admin_subdistrict_ids(
        user
    ) or center.id in roles.staffed_center_ids(user)


def organisation_subdistrict_ids(user) -> set[int]:
    """Subdistricts whose every organisation this person manages: their administrators and
    the staff of their centers (who work with enterprises, teams and schools everywhere)."""
    return roles.admin_subdistrict_ids(user) | {
        a.center.subdistrict_id
        for a in roles.assignments(user)
        if a.role == roles.Role.CENTER_STAFF and a.center_id
    }


@rules.predicate
def can_manage_organisation(user, organisation: Organisation | None) -> bool:
    """Subdistrict-wide staff manage every organisation of their subdistrict; a community
    worker only those of their own community (a draft's community decides for a new one)."""
    if organisation is None:
        return roles.is_staff_member(user)
    if organisation.subdistrict_id in organisation_subdistrict_ids(user):
        return True
    return bool(
        organisation.community_id and organisation.community_id in roles.worked_community_ids(user)
    )


@rules.predicate
def can_verify_organisation(user, organisation: Organisation | None) -> bool:
    """Verifying an organisation is the subdistrict's or a center's decision, not a community
    worker's: they may record an organisation, never mark it verified (or rejected)."""
    ids = organisation_subdistrict_ids(user)
    return bool(ids) if organisation is None else organisation.subdistrict_id in ids


@rules.predicate
def can_use_admin(user) -> bool:
    """The Django admin keeps the reference data: the system administrator's job alone (not
    the security or audit administrator's, and not a subdistrict administrator's)."""
    return roles.has_role(user, roles.Role.SYSTEM_ADMIN)


@rules.predicate
def can_view_task_failures(user) -> bool:
    return roles.has_role(user, roles.Role.SUBDISTRICT_ADMIN, roles.Role.SYSTEM_ADMIN)


rules.add_perm("core.use_workspace", is_staff_member)
rules.add_perm("core.manage_article", can_manage_article)
rules.add_perm("core.edit_center", can_edit_center)
rules.add_perm("core.manage_organisation", can_manage_organisation)
rules.add_perm("core.verify_organisation", can_verify_organisation)
rules.add_perm("core.use_admin", can_use_admin)
rules.add_perm("core.view_task_failures", can_view_task_failures)
