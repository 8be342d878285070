"""Who may read the SMS log (短信发送记录): the system administrator, and those the people
rules give the audit trail or account management to (the audit, security and subdistrict
administrators). Used by the page and the shell alike."""

from __future__ import annotations

import rules

from threecenters.core import roles
from threecenters.people.rules import can_manage_account, can_view_audit


@rules.predicate
def can_view_sms_log(user) -> bool:
    return (
        roles.has_role(user, roles.Role.SYSTEM_ADMIN)
        or can_view_audit(user)
        or can_manage_account(user, None)
    )


rules.add_perm("notify.view_sms_log", can_view_sms_log)
