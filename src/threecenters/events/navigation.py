"""The event engine's entries in the shell (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import (
    MAIN,
    MINE,
    SIGNED_IN,
    WORKSPACE,
    Link,
    Todo,
    register_link,
    register_todo,
)


def _awaiting_approval(user) -> int:
    from threecenters.events import selectors

    return selectors.pending_approvals_count(user=user)


def _pending_photos(user) -> int:
    from threecenters.events import selectors

    return selectors.pending_photos_count(user=user)


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
        ),
    )
    register_link(
        WORKSPACE,
        Link(
            "event-approvals",
            _("报名审核"),
            "events:staff-approvals",
            order=31,
            perm="events.organise",
            badge=_awaiting_approval,
        ),
    )
    register_link(
        WORKSPACE,
        Link(
            "event-photos",
            _("照片审核"),
            "events:staff-photo-queue",
            order=32,
            perm="events.organise",
            badge=_pending_photos,
        ),
    )
    register_todo(
        Todo(
            "event-approvals",
            _("待审核的报名"),
            "events:staff-approvals",
            _awaiting_approval,
            order=10,
            perm="events.organise",
        )
    )
    register_todo(
        Todo(
            "event-photos",
            _("待审核的照片"),
            "events:staff-photo-queue",
            _pending_photos,
            order=40,
            perm="events.organise",
        )
    )
    register_link(MINE, Link("events", _("我的活动"), "events:mine", order=10, audience=SIGNED_IN))
