"""Reads of the event engine. One filter definition serves the public list and the API."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from threecenters.core import roles
from threecenters.core.models import Area, Center, Organisation, User
from threecenters.core.paging import Page, keyset_page
from threecenters.events.models import Event, Photo, Registration

PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.FINISHED, Event.Status.CANCELLED)


def upcoming_public(
    *, subdistrict: Area | None = None, center: Center | None = None, community: Area | None = None
) -> QuerySet[Event]:
    """Published events that have not ended, soonest first, for the service-hall pages: the home
    page (a subdistrict's), a center's and a community's."""
    qs = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gt=timezone.now())
    if subdistrict is not None:
        qs = qs.filter(center__subdistrict=subdistrict)
    if center is not None:
        qs = qs.filter(center=center)
    if community is not None:
        qs = qs.filter(community=community)
    return qs.select_related("center", "community").order_by("starts_at", "id")


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("center", "community")


def event_page(
    *,
    qs: QuerySet[Event],
    cursor: str | None,
    size: int = 20,
    upcoming_from: datetime | None = None,
    strict: bool = False,
) -> Page:
    """Soonest first by (starts_at, id), keyset-paginated, without COUNT(*)."""
    if upcoming_from is not None:
        qs = qs.filter(starts_at__gte=upcoming_from)
    return keyset_page(qs, order=("starts_at", "id"), cursor=cursor, size=size, strict=strict)


def events_for_organiser(user: User, *, center: Center | None = None) -> QuerySet[Event]:
    q = Q(center__subdistrict_id__in=roles.admin_subdistrict_ids(user))
    q |= Q(center_id__in=roles.staffed_center_ids(user))
    q |= Q(community_id__in=roles.worked_community_ids(user))
    qs = Event.objects.filter(q).select_related("center", "community")
    if center is not None:
        qs = qs.filter(center=center)
    return qs


def pending_approvals_count(*, user: User) -> int:
    """Sign-ups waiting for this organiser's approval, counted by the database."""
    return Registration.objects.filter(
        event__in=events_for_organiser(user).values("id"),
        status=Registration.Status.AWAITING_APPROVAL,
    ).count()


def pending_photos(user: User) -> QuerySet[Photo]:
    """Photos waiting for moderation in the events this person organises, oldest first."""
    return Photo.objects.filter(
        event__in=events_for_organiser(user).values("id"), status=Photo.Status.PENDING
    ).order_by("id")


def pending_photos_count(*, user: User) -> int:
    return pending_photos(user).count()


def organiser_centers(user: User) -> list[Center]:
    """Centers where this person may create events."""
    admin_ids = roles.admin_subdistrict_ids(user)
    q = Q(subdistrict_id__in=admin_ids) | Q(id__in=roles.staffed_center_ids(user))
    community_subdistricts = set(
        Area.objects.filter(id__in=roles.worked_community_ids(user)).values_list(
            "parent_id", flat=True
        )
    )
    q |= Q(subdistrict_id__in=community_subdistricts)
    return list(Center.objects.filter(q).order_by("subdistrict_id", "kind"))


def organiser_communities(user: User) -> list[Area]:
    admin_ids = roles.admin_subdistrict_ids(user)
    subdistricts = set(admin_ids) | set(
        Center.objects.filter(id__in=roles.staffed_center_ids(user)).values_list(
            "subdistrict_id", flat=True
        )
    )
    q = Q(level=Area.Level.COMMUNITY) & (
        Q(parent_id__in=subdistricts) | Q(id__in=roles.worked_community_ids(user))
    )
    return list(Area.objects.filter(q).order_by("sort", "id"))


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person=user)
        .select_related("event", "event__center", "event__community")
        .order_by("-event__starts_at", "-id")
    )


STOPPED = (
    Registration.Status.CANCELLED_BY_PERSON,
    Registration.Status.CANCELLED_BY_ORGANISER,
    Registration.Status.REJECTED,
)


def my_registration_groups(
    user: User, *, now: datetime | None = None, limit: int = 100
) -> dict[str, list[Registration]]:
    """我的活动 in three groups: ``upcoming`` (soonest first), ``past`` (most recent first) and
    ``stopped`` (sign-ups cancelled or not approved, and events called off; most recent first)."""
    now = now or timezone.now()
    mine = my_registrations(user).select_related("event__series")
    stopped = Q(status__in=STOPPED) | Q(event__status=Event.Status.CANCELLED)
    over = Q(event__ends_at__lte=now) | Q(event__status=Event.Status.FINISHED)
    return {
        "upcoming": list(
            mine.exclude(stopped).exclude(over).order_by("event__starts_at", "id")[:limit]
        ),
        "past": list(mine.exclude(stopped).filter(over)[:limit]),
        "stopped": list(mine.filter(stopped)[:limit]),
    }


def event_registrations(event: Event) -> QuerySet[Registration]:
    """The people signed up (booth bookings are listed by ``event_booths``)."""
    return (
        event.registrations.filter(person__isnull=False)
        .select_related("person")
        .order_by("status", "waitlist_position", "id")
    )


REGISTRATION_ORDER = ("status", "waitlist_position", "id")
BOOTH_ORDER = ("status", "id")
CHECKIN_STATUSES = (
    Registration.Status.REGISTERED,
    Registration.Status.CHECKED_IN,
    Registration.Status.NO_SHOW,
)


def registration_counts(event: Event) -> dict[str, int]:
    """How many people are signed up, by status, counted by the database (a job fair has
    thousands)."""
    status = Registration.Status
    return event.registrations.filter(person__isnull=False).aggregate(
        total=Count("id"),
        waitlisted=Count("id", filter=Q(status=status.WAITLISTED)),
        checked_in=Count("id", filter=Q(status=status.CHECKED_IN)),
        no_shows=Count("id", filter=Q(status=status.NO_SHOW)),
    )


def checkin_counts(event: Event) -> dict[str, int]:
    """The check-in list's size and how many on it are checked in (people and booths)."""
    return event.registrations.filter(status__in=CHECKIN_STATUSES).aggregate(
        total=Count("id"),
        checked_in=Count("id", filter=Q(status=Registration.Status.CHECKED_IN)),
    )


def booth_count(event: Event) -> int:
    return event.registrations.filter(organisation__isnull=False).count()


def event_booths(event: Event) -> QuerySet[Registration]:
    """The organisations' booth bookings, with who booked them."""
    return (
        event.registrations.filter(organisation__isnull=False)
        .select_related("organisation", "booked_by")
        .order_by("status", "id")
    )


def organisations_acted_for(user: User) -> list[Organisation]:
    """The organisations this person books booths for (their employer roles)."""
    from threecenters.events.rules import organisations_acted_for_ids

    ids = organisations_acted_for_ids(user)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "id")) if ids else []


def waitlist(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "waitlist_position", "id"
    )


def approved_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(status=Photo.Status.APPROVED).select_related("event")


def no_show_count(person: User, *, since: datetime | None = None) -> int:
    qs = Registration.objects.filter(person=person, status=Registration.Status.NO_SHOW)
    if since is not None:
        qs = qs.filter(event__starts_at__gte=since)
    return qs.count()
