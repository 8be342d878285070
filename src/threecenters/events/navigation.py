"""The event engine's entries in the shell (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import MAIN, MINE, SIGNED_IN, WORKSPACE, Link, register_link


def _awaiting_approval(user) -> int:
    from threecenters.events import selectors

    return selectors.pending_approvals_count(user=user)


def register() -> None:
    register_link(MAIN, Link("events", _("活动"), "events:list", order=30))
    register_link(
        WORKSPACE,
        Link(
            "events",
            _("活动管理"),
            "events:staff-list",
            order=30,
            perm="events.organise",
            badge=_awaiting_approval,
        ),
    )
    register_link(MINE, Link("events", _("我的活动"), "events:mine", order=10, audience=SIGNED_IN))
