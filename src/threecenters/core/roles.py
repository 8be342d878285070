"""Who holds which role where: read once per request (one query, joined with the areas,
centers and organisations the checks look at) and kept on the user object for the rest of it."""

from __future__ import annotations

from threecenters.core.models import Area, Center, RoleAssignment, User

Role = RoleAssignment.Role
STAFF_ROLES = {Role.SUBDISTRICT_ADMIN, Role.CENTER_STAFF, Role.COMMUNITY_WORKER}


def assignments(user: User | None) -> list[RoleAssignment]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_tc_roles", None)
    if cached is None:
        cached = user._tc_roles = _read(user)
    return cached


def _read(user: User) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(user=user).select_related(
            "area", "area__parent", "center", "organisation"
        )
    )


def has_role(user: User | None, *roles: str) -> bool:
    return any(a.role in roles for a in assignments(user))


def is_staff_member(user: User | None) -> bool:
    return has_role(user, *STAFF_ROLES)


def staff_subdistrict_ids(user: User | None) -> set[int]:
    """The subdistricts whose non-public records this person works with."""
    ids: set[int] = set()
    for a in assignments(user):
        if a.role == Role.SUBDISTRICT_ADMIN and a.area_id:
            ids.add(a.area_id)
        elif a.role == Role.CENTER_STAFF and a.center_id:
            ids.add(a.center.subdistrict_id)
        elif a.role == Role.COMMUNITY_WORKER and a.area_id and a.area.parent_id:
            ids.add(a.area.parent_id)
    return ids


def admin_subdistrict_ids(user: User | None) -> set[int]:
    return {a.area_id for a in assignments(user) if a.role == Role.SUBDISTRICT_ADMIN and a.area_id}


def staffed_center_ids(user: User | None) -> set[int]:
    return {a.center_id for a in assignments(user) if a.role == Role.CENTER_STAFF and a.center_id}


def worked_community_ids(user: User | None) -> set[int]:
    return {a.area_id for a in assignments(user) if a.role == Role.COMMUNITY_WORKER and a.area_id}


def workspace_centers(user: User | None) -> list[Center]:
    """The centers whose workspace navigation this person sees."""
    admin_ids = admin_subdistrict_ids(user)
    centers = Center.objects.filter(subdistrict_id__in=admin_ids) | Center.objects.filter(
        id__in=staffed_center_ids(user)
    )
    return list(centers.distinct().order_by("subdistrict_id", "kind"))


def workspace_communities(user: User | None) -> list[Area]:
    admin_ids = admin_subdistrict_ids(user)
    qs = Area.objects.filter(
        level=Area.Level.COMMUNITY, parent_id__in=admin_ids
    ) | Area.objects.filter(id__in=worked_community_ids(user))
    return list(qs.distinct().order_by("sort", "id"))
