"""Reads of the event engine. One filter definition serves the public list and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from threecenters.core import roles
from threecenters.core.models import Area, Center, Organisation, User
from threecenters.core.selectors import Page, after_key, decode_cursor, encode_cursor
from threecenters.events import kinds
from threecenters.events.models import Event, Photo, Registration

OPEN_EVENT_LONGEST = timedelta(days=31)
PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.FINISHED, Event.Status.CANCELLED)


@dataclass
class EventFilter:
    center: int | None = None
    community: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    free_seats: bool = False
    open_signup: bool = False

    @classmethod
    def from_query(cls, data) -> EventFilter:
        def as_int(value) -> int | None:
            value = (value or "").strip()
            return int(value) if value.isdigit() and len(value) < 12 else None

        def as_date(value) -> date | None:
            try:
                return parse_date((value or "").strip()[:10])
            except ValueError:
                return None

        def as_bool(value) -> bool:
            return (value or "").strip().lower() in {"1", "true", "on", "yes"}

        kind = (data.get("kind") or "").strip()
        community = (data.get("community") or "").strip()[:50]
        return cls(
            center=as_int(data.get("center")),
            community=community or None,
            kind=kind if kinds.exists(kind) else None,
            date_from=as_date(data.get("from")),
            date_to=as_date(data.get("to")),
            free_seats=as_bool(data.get("free")),
            open_signup=as_bool(data.get("open")),
        )

    def apply(self, qs: QuerySet[Event]) -> QuerySet[Event]:
        tz = timezone.get_current_timezone()
        if self.center:
            qs = qs.filter(center_id=self.center)
        if self.community:
            qs = qs.filter(community__slug=self.community)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.date_from:
            qs = qs.filter(starts_at__gte=datetime.combine(self.date_from, time.min, tzinfo=tz))
        if self.date_to:
            qs = qs.filter(starts_at__lte=datetime.combine(self.date_to, time.max, tzinfo=tz))
        if self.free_seats:
            qs = qs.filter(Q(capacity=0) | Q(taken__lt=F("capacity")))
        if self.open_signup:
            now = timezone.now()
            # An event open for sign-up has not ended; bounding its start as well lets the
            # (starts_at, id) index skip the past (series are split into sessions, so no event
            # runs longer than this).
            qs = qs.filter(
                status=Event.Status.PUBLISHED,
                ends_at__gt=now,
                starts_at__gte=now - OPEN_EVENT_LONGEST,
            ).filter(
                Q(signup_opens_at__isnull=True) | Q(signup_opens_at__lte=now),
                Q(signup_closes_at__isnull=True) | Q(signup_closes_at__gte=now),
            )
        return qs


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("center", "community")


def event_page(
    *,
    qs: QuerySet[Event],
    cursor: str | None,
    size: int = 20,
    upcoming_from: datetime | None = None,
) -> Page:
    """Soonest first by (starts_at, id), keyset-paginated, without COUNT(*)."""
    if upcoming_from is not None:
        qs = qs.filter(starts_at__gte=upcoming_from)
    after = decode_cursor(cursor)
    if after:
        at = parse_datetime(str(after.get("at", ""))) if after.get("at") else None
        pk = after.get("id")
        if isinstance(at, datetime) and isinstance(pk, int):
            qs = after_key(qs, "starts_at", at, pk, descending=False)
    rows = list(qs.order_by("starts_at", "id")[: size + 1])
    next_cursor = None
    if len(rows) > size:
        last = rows[size - 1]
        next_cursor = encode_cursor({"at": last.starts_at.isoformat(), "id": last.id})
        rows = rows[:size]
    return Page(items=rows, next_cursor=next_cursor)


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
