"""The people app's entries in the shell (core.shell): the profile, and the staff pages for
residents, accounts, deletion requests and the audit trail."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import (
    MINE,
    SIGNED_IN,
    WORKSPACE,
    Link,
    Todo,
    register_link,
    register_todo,
)


def _pending_deletions(user) -> int:
    from threecenters.people import selectors
    from threecenters.people.models import DeletionRequest

    return (
        selectors.deletion_requests_for(user).filter(status=DeletionRequest.Status.PENDING).count()
    )


def register() -> None:
    register_link(
        MINE, Link("profile", _("我的资料"), "people:profile", order=90, audience=SIGNED_IN)
    )
    register_link(
        WORKSPACE,
        Link(
            "residents",
            _("居民档案"),
            "people:staff-residents",
            order=50,
            perm="people.view_resident",
        ),
    )
    register_link(
        WORKSPACE,
        Link(
            "accounts",
            _("账号与角色"),
            "people:staff-accounts",
            order=51,
            perm="people.manage_account",
        ),
    )
    register_link(
        WORKSPACE,
        Link(
            "deletions",
            _("删除申请"),
            "people:staff-deletions",
            order=52,
            perm="people.decide_deletion",
            badge=_pending_deletions,
        ),
    )
    register_todo(
        Todo(
            "deletions",
            _("待处理的删除申请"),
            "people:staff-deletions",
            _pending_deletions,
            order=50,
            perm="people.decide_deletion",
        )
    )
    register_link(
        WORKSPACE,
        Link("audit", _("审计日志"), "people:staff-audit", order=53, perm="people.view_audit"),
    )
