"""The event engine's entries in the shell (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import (
    CENTER,
    COMMUNITY,
    HOME,
    MAIN,
    MINE,
    SIGNED_IN,
    WORKSPACE,
    Link,
    Panel,
    Service,
    Todo,
    register_link,
    register_panel,
    register_service,
    register_todo,
)


def _awaiting_approval(user) -> int:
    from threecenters.events import selectors

    return selectors.pending_approvals_count(user=user)


def _pending_photos(user) -> int:
    from threecenters.events import selectors

    return selectors.pending_photos_count(user=user)


def _upcoming(**scope):
    from threecenters.events import selectors

    return list(selectors.upcoming_public(**scope)[:6])


def _home_events(request, subdistrict) -> dict:
    return {"events": _upcoming(subdistrict=subdistrict), "more_query": ""}


def _center_events(request, center) -> dict:
    return {"events": _upcoming(center=center), "more_query": f"center={center.pk}"}


def _community_events(request, community) -> dict:
    from threecenters.events import selectors

    return {
        "events": _upcoming(community=community),
        "more_query": f"community={community.slug}",
        "photos": list(
            selectors.approved_photos().filter(event__community=community).order_by("-id")[:4]
        ),
        "community": community,
    }


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
    register_panel(
        HOME, Panel("upcoming-events", "events/includes/upcoming_panel.html", 20, _home_events)
    )
    register_panel(
        CENTER, Panel("upcoming-events", "events/includes/upcoming_panel.html", 20, _center_events)
    )
    register_panel(
        COMMUNITY,
        Panel("upcoming-events", "events/includes/community_panel.html", 20, _community_events),
    )
    for kind in ("incubator", "civility", "governance"):
        register_service(
            Service(
                f"events-{kind}",
                _("活动报名"),
                "events:list",
                kind,
                description=_("看看近期的活动，在线报名、签到"),
                order=10,
                query="center={center}",
            )
        )
    register_service(
        Service(
            "courses",
            _("创业课程与培训"),
            "events:list",
            "incubator",
            description=_("免费课程，学完可获结业证书"),
            order=20,
            query="center={center}&kind=course_session",
        )
    )
    register_service(
        Service(
            "job-fairs",
            _("家门口的招聘会"),
            "events:list",
            "incubator",
            description=_("用人单位进社区设展位招聘"),
            order=30,
            query="center={center}&kind=job_fair",
        )
    )
