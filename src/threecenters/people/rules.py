"""Who may see, reveal, import and assign — used by views, API and admin alike."""

from __future__ import annotations

import rules

from threecenters.core import roles
from threecenters.core.models import Area, RoleAssignment, User

Role = RoleAssignment.Role
ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.SUBDISTRICT_ADMIN}
COMMUNITY_GRANTABLE = {Role.RESIDENT, Role.VOLUNTEER}
# Staff-like roles get the short idle timeout; everyone else the resident one.
STAFF_LIKE = {
    Role.SUBDISTRICT_ADMIN,
    Role.CENTER_STAFF,
    Role.COMMUNITY_WORKER,
    Role.EXPERT,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
}


def security_subdistrict_ids(user) -> set[int]:
    return {
        a.area_id for a in roles.assignments(user) if a.role == Role.SECURITY_ADMIN and a.area_id
    }


def scope_subdistrict_id(assignment: RoleAssignment) -> int | None:
    """The subdistrict a role assignment's scope belongs to."""
    if assignment.area_id:
        area = assignment.area
        if area.level == Area.Level.SUBDISTRICT:
            return area.id
        if area.level == Area.Level.COMMUNITY:
            return area.parent_id
        if area.level == Area.Level.GRID and area.parent:
            return area.parent.parent_id
        return None
    if assignment.center_id:
        return assignment.center.subdistrict_id
    if assignment.organisation_id:
        return assignment.organisation.subdistrict_id
    return None


def account_subdistrict_ids(target: User) -> set[int]:
    ids = {
        sid
        for a in RoleAssignment.objects.filter(user=target).select_related(
            "area", "area__parent", "center", "organisation"
        )
        if (sid := scope_subdistrict_id(a)) is not None
    }
    profile = getattr(target, "resident_profile", None)
    if profile is not None and profile.community_id:
        ids.add(profile.community.parent_id)
    return ids


@rules.predicate
def can_assign_role(user, assignment: RoleAssignment | None) -> bool:
    if assignment is None:
        return bool(
            security_subdistrict_ids(user)
            or roles.admin_subdistrict_ids(user)
            or roles.worked_community_ids(user)
        )
    if assignment.user_id == getattr(user, "pk", None):
        return False  # nobody grants themselves a role
    subdistrict = scope_subdistrict_id(assignment)
    if subdistrict is None:
        return False
    if subdistrict in security_subdistrict_ids(user):
        return True
    if assignment.role in ADMIN_ROLES:
        return False
    if subdistrict in roles.admin_subdistrict_ids(user):
        return True
    return (
        assignment.role in COMMUNITY_GRANTABLE
        and assignment.area_id is not None
        and assignment.area_id in roles.worked_community_ids(user)
    )


@rules.predicate
def can_manage_account(user, target: User | None) -> bool:
    mine = security_subdistrict_ids(user) | roles.admin_subdistrict_ids(user)
    if target is None:
        return bool(mine)
    if target.pk == user.pk:
        return False
    theirs = account_subdistrict_ids(target)
    if not theirs & mine:
        return False
    # A subdistrict administrator does not manage the 等保 administrators; security does.
    holds_admin = RoleAssignment.objects.filter(user=target, role__in=ADMIN_ROLES).exists()
    return not holds_admin or bool(theirs & security_subdistrict_ids(user))


@rules.predicate
def can_view_resident(user, profile) -> bool:
    if profile is None:
        return bool(roles.admin_subdistrict_ids(user) or roles.worked_community_ids(user))
    if not profile.community_id:
        return False
    if profile.community_id in roles.worked_community_ids(user):
        return True
    return profile.community.parent_id in roles.admin_subdistrict_ids(user)


@rules.predicate
def can_import_residents(user, community: Area | None) -> bool:
    if community is None:
        return bool(roles.admin_subdistrict_ids(user) or roles.worked_community_ids(user))
    return community.id in roles.worked_community_ids(
        user
    ) or community.parent_id in roles.admin_subdistrict_ids(user)


@rules.predicate
def can_view_audit(user) -> bool:
    return roles.has_role(user, Role.AUDIT_ADMIN)


@rules.predicate
def can_decide_deletion(user, request) -> bool:
    if request is None:
        return bool(roles.admin_subdistrict_ids(user))
    return bool(account_subdistrict_ids(request.user) & roles.admin_subdistrict_ids(user))


rules.add_perm("people.view_resident", can_view_resident)
rules.add_perm("people.reveal_personal", can_view_resident)
rules.add_perm("people.import_residents", can_import_residents)
rules.add_perm("people.assign_role", can_assign_role)
rules.add_perm("people.manage_account", can_manage_account)
rules.add_perm("people.view_audit", can_view_audit)
rules.add_perm("people.decide_deletion", can_decide_deletion)


@rules.predicate
def can_view_sms_log(user) -> bool:
    """Who may read the SMS log (短信发送记录, the notify app's page): the system administrator,
    and those given the audit trail or account management (the audit, security and subdistrict
    administrators). Declared here, beside those rules, so notify needs nothing from people."""
    return (
        roles.has_role(user, roles.Role.SYSTEM_ADMIN)
        or can_view_audit(user)
        or can_manage_account(user, None)
    )


rules.add_perm("notify.view_sms_log", can_view_sms_log)
