"""Who may see a certificate's PDF and revoke it. The verification page is public (it shows the
holder's masked name only); the PDF is for the holder and the issuing staff: staff of the issuing
center, administrators of its subdistrict, and the issuing organisation's employer or team
leader accounts."""

from __future__ import annotations

import rules

from threecenters.certificates.models import Certificate
from threecenters.core import roles
from threecenters.core.models import RoleAssignment

ORGANISATION_ROLES = {RoleAssignment.Role.EMPLOYER, RoleAssignment.Role.TEAM_LEADER}


@rules.predicate
def is_holder(user, certificate: Certificate | None) -> bool:
    return bool(certificate and user.is_authenticated and certificate.holder_id == user.pk)


@rules.predicate
def is_issuing_staff(user, certificate: Certificate | None) -> bool:
    if certificate is None or not user.is_authenticated:
        return False
    if certificate.issuer_center_id:
        if certificate.issuer_center_id in roles.staffed_center_ids(user):
            return True
        if certificate.issuer_center.subdistrict_id in roles.admin_subdistrict_ids(user):
            return True
    if certificate.issuer_organisation_id:
        return any(
            a.organisation_id == certificate.issuer_organisation_id and a.role in ORGANISATION_ROLES
            for a in roles.assignments(user)
        )
    return False


rules.add_perm("certificates.view_pdf", is_holder | is_issuing_staff)
rules.add_perm("certificates.revoke", is_issuing_staff)
