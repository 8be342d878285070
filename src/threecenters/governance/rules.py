"""Who may do what with governance cases. Used by views, API and admin alike."""

from __future__ import annotations

import rules

from threecenters.core import roles
from threecenters.core.models import Center
from threecenters.governance.models import Case, CaseAdoption


def governance_subdistrict_ids(user) -> set[int]:
    """Subdistricts whose governance center this person staffs."""
    return {
        a.center.subdistrict_id
        for a in roles.assignments(user)
        if a.role == roles.Role.CENTER_STAFF
        and a.center_id
        and a.center.kind == Center.Kind.GOVERNANCE
    }


def writer_scope(user) -> tuple[set[int], set[int]]:
    """(subdistrict ids where any case may be written, community ids where the community's
    cases may be written)."""
    subdistricts = governance_subdistrict_ids(user) | roles.admin_subdistrict_ids(user)
    return subdistricts, roles.worked_community_ids(user)


@rules.predicate
def can_write_cases(user) -> bool:
    subdistricts, communities = writer_scope(user)
    return bool(subdistricts or communities)


@rules.predicate
def can_edit_case(user, case: Case | None) -> bool:
    if case is None:
        return can_write_cases(user)
    subdistricts, communities = writer_scope(user)
    if case.subdistrict_id in subdistricts:
        return True
    if case.community_id and case.community_id in communities:
        return True
    return bool(
        case.author_id
        and user.is_authenticated
        and case.author_id == user.pk
        and (case.subdistrict_id in roles.staff_subdistrict_ids(user))
    )


@rules.predicate
def can_publish_case(user, case: Case | None) -> bool:
    ids = governance_subdistrict_ids(user)
    if case is None:
        return bool(ids)
    return case.subdistrict_id in ids


@rules.predicate
def can_view_case(user, case: Case | None) -> bool:
    if case is None:
        return True
    return case.is_public or can_edit_case(user, case)


@rules.predicate
def can_record_spread(user, case: Case | None) -> bool:
    if case is None:
        return can_write_cases(user)
    return can_publish_case(user, case) or (
        case.subdistrict_id in roles.staff_subdistrict_ids(user) and can_write_cases(user)
    )


@rules.predicate
def can_record_adoption(user, adoption: CaseAdoption | None) -> bool:
    """A spread record names the community that studied or adopted the case: subdistrict-wide
    writers record any community of theirs, a community worker only their own."""
    if adoption is None:
        return can_write_cases(user)
    if not can_record_spread(user, adoption.case):
        return False
    subdistricts, communities = writer_scope(user)
    return adoption.community_id in communities or adoption.community.parent_id in subdistricts


rules.add_perm("governance.write_cases", can_write_cases)
rules.add_perm("governance.edit_case", can_edit_case)
rules.add_perm("governance.publish_case", can_publish_case)
rules.add_perm("governance.view_case", can_view_case)
rules.add_perm("governance.record_spread", can_record_spread)
rules.add_perm("governance.record_adoption", can_record_adoption)
