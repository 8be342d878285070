"""Every write of the event engine: one transaction each, audited, notifications inside.

Seats are never checked and then taken: ``_take_seats`` is a single conditional UPDATE whose
WHERE clause holds the capacity rule, run in the same transaction as the registration row. On
PostgreSQL the UPDATE locks the event row, so concurrent sign-ups queue on it and re-check the
condition; on SQLite every transaction begins IMMEDIATE and writers are serialised. The CHECK
constraint ``event_taken_within_capacity`` stands behind both.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX: threads still queue on the in-process lock
    fcntl = None

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from threecenters.core import roles, rows
from threecenters.core.audit import audit_record
from threecenters.core.kit import refusal_audit, service
from threecenters.core.models import Area, Center, User
from threecenters.core.pagecache import portal_changed
from threecenters.core.richtext import sanitize_html
from threecenters.events import attendance, kinds
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Photo, Registration, Series, new_code, new_token
from threecenters.notify.services import notification_send

Status = Registration.Status
CHECKIN_SALT = "threecenters.events.checkin"


class _Full(Exception):
    pass


# Refusals are audited after the service's transaction (core.kit).
_audit_refusal = refusal_audit


@dataclass
class CheckInResult:
    registration: Registration
    already: bool


# ---------------------------------------------------------------- events
EDITABLE_FIELDS = {
    "kind",
    "title",
    "description",
    "community",
    "venue",
    "starts_at",
    "ends_at",
    "capacity",
    "booths",
    "waitlist_enabled",
    "signup_opens_at",
    "signup_closes_at",
    "eligibility",
    "companions_allowed",
    "approval_required",
    "risky",
    "insured",
    "contact_name",
    "contact_mobile",
    "public_contact_name",
    "public_contact_phone",
    "cover",
}


def _check_kind(values: dict[str, Any]) -> None:
    if "kind" in values and not kinds.exists(values["kind"]):
        message = _("没有这种活动类型。")
        raise EventError("unknown_kind", message, 422, {"kind": [message]})


def _check_times(values: dict[str, Any]) -> None:
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends < starts:
        raise EventError(
            "bad_times",
            _("结束时间不能早于开始时间。"),
            422,
            {"ends_at": [_("结束时间不能早于开始时间。")]},
        )
    opens, closes = values.get("signup_opens_at"), values.get("signup_closes_at")
    if opens and closes and closes < opens:
        raise EventError(
            "bad_times",
            _("报名截止时间不能早于报名开始时间。"),
            422,
            {"signup_closes_at": [_("报名截止时间不能早于报名开始时间。")]},
        )


def _check_community(center: Center, community: Area | None) -> None:
    if community is not None and (
        community.level != Area.Level.COMMUNITY or community.parent_id != center.subdistrict_id
    ):
        raise EventError(
            "bad_community",
            _("所选社区不属于该中心所在的街道。"),
            422,
            {"community": [_("所选社区不属于该中心所在的街道。")]},
        )


@service
def event_create(
    *,
    actor: User,
    center: Center,
    title: str,
    venue: str,
    starts_at: datetime,
    ends_at: datetime,
    eligible_communities: list[Area] | None = None,
    eligible_tags: list | None = None,
    invited: list[User] | None = None,
    series: Series | None = None,
    session_no: int | None = None,
    **options: Any,
) -> Event:
    unknown = set(options) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    values = {"starts_at": starts_at, "ends_at": ends_at, **options}
    _check_kind(values)
    _check_times(values)
    _check_community(center, options.get("community"))
    if "description" in options:
        options["description"] = sanitize_html(options["description"])
    event = Event.objects.create(
        center=center,
        title=title,
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        series=series,
        session_no=session_no,
        created_by=actor,
        **options,
    )
    if eligible_communities:
        event.eligible_communities.set(eligible_communities)
    if eligible_tags:
        event.eligible_tags.set(eligible_tags)
    if invited:
        event.invited.set(invited)
    audit_record(actor=actor, action="events.event.create", obj=event, changes={"title": title})
    return event


@service
def event_update(
    *,
    actor: User,
    event: Event,
    changes: dict[str, Any],
    eligible_communities: list[Area] | None = None,
    eligible_tags: list | None = None,
    invited: list[User] | None = None,
) -> Event:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    if event.status in (Event.Status.CANCELLED, Event.Status.FINISHED):
        raise EventError("event_closed", _("已结束或已取消的活动不能再修改。"))
    merged = {
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "signup_opens_at": event.signup_opens_at,
        "signup_closes_at": event.signup_closes_at,
        **changes,
    }
    _check_kind(changes)
    _check_times(merged)
    _check_community(event.center, changes.get("community", event.community))
    moved = Event(center=event.center, community=changes.get("community", event.community))
    if "community" in changes and not actor.has_perm("events.manage_event", moved):
        # the event as it would be must stay inside the organiser's scope (a community worker
        # cannot move an event out of their community or leave it without one)
        _audit_refusal(
            actor=actor, action="events.event.update", obj=event, changes={"refused": "scope"}
        )
        message = _("您只能把活动放在自己负责的中心或社区。")
        raise EventError("out_of_scope", message, 403, {"community": [message]})
    if "description" in changes:
        changes["description"] = sanitize_html(changes["description"])
    if (
        event.status == Event.Status.PUBLISHED
        and changes.get("risky", event.risky)
        and not changes.get("insured", event.insured)
    ):
        raise EventError(
            "insurance_required",
            _("有人身风险的活动须先购买意外保险。"),
            422,
            {"insured": [_("有人身风险的活动须先购买意外保险。")]},
        )
    if "capacity" in changes and changes["capacity"] != event.capacity:
        new = int(changes["capacity"])
        # Lowering capacity below the seats already held is refused, atomically.
        guarded = Event.objects.filter(pk=event.pk)
        if new:
            guarded = guarded.filter(taken__lte=new)
        moved = guarded.update(capacity=new)
        if not moved:
            taken = Event.objects.values_list("taken", flat=True).get(pk=event.pk)
            message = _("已有 %(taken)d 个名额被占用，名额不能少于 %(taken)d。") % {"taken": taken}
            raise EventError("capacity_below_taken", message, 409, {"capacity": [message]})
    if "booths" in changes and changes["booths"] != event.booths:
        new = int(changes["booths"])
        # like capacity: never below the booths already booked, in one conditional UPDATE
        if not Event.objects.filter(pk=event.pk, booths_taken__lte=new).update(booths=new):
            booked = Event.objects.values_list("booths_taken", flat=True).get(pk=event.pk)
            message = _("已有 %(n)d 个展位被预订，展位数不能少于 %(n)d。") % {"n": booked}
            raise EventError("booths_below_taken", message, 409, {"booths": [message]})
    before = {k: getattr(event, k) for k in changes}
    for key, value in changes.items():
        setattr(event, key, value)
    event.taken, event.booths_taken = Event.objects.values_list("taken", "booths_taken").get(
        pk=event.pk
    )
    event.save()
    if eligible_communities is not None:
        event.eligible_communities.set(eligible_communities)
    if eligible_tags is not None:
        event.eligible_tags.set(eligible_tags)
    if invited is not None:
        event.invited.set(invited)
    audit_record(
        actor=actor,
        action="events.event.update",
        obj=event,
        changes={k: [str(before[k]), str(v)] for k, v in changes.items() if before[k] != v},
    )
    if "capacity" in changes:
        _promote_waitlist(event=event, actor=actor)
    return event


@service
def event_publish(*, actor: User, event: Event) -> Event:
    if event.status != Event.Status.DRAFT:
        raise EventError("not_draft", _("只有草稿可以发布。"))
    if event.risky and not event.insured:
        raise EventError(
            "insurance_required",
            _("有人身风险的活动须先购买意外保险。"),
            422,
            {"insured": [_("有人身风险的活动须先购买意外保险。")]},
        )
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    event.status = Event.Status.PUBLISHED
    portal_changed()  # case pages link to public events
    audit_record(actor=actor, action="events.event.publish", obj=event)
    return event


@service
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    reason = (reason or "").strip()
    if not reason:
        raise EventError(
            "reason_required", _("请填写取消原因。"), 422, {"reason": [_("请填写取消原因。")]}
        )
    moved = Event.objects.filter(
        pk=event.pk, status__in=[Event.Status.DRAFT, Event.Status.PUBLISHED]
    ).update(status=Event.Status.CANCELLED, cancel_reason=reason[:300])
    if not moved:
        raise EventError("event_closed", _("该活动已结束或已取消。"))
    event.refresh_from_db()
    url = reverse("events:detail", args=[event.pk])
    for reg in list(
        event.registrations.filter(status__in=Registration.ACTIVE).select_related(
            "person", "booked_by"
        )
    ):
        _transition(reg, Status.CANCELLED_BY_ORGANISER)
        notify(
            reg,
            kind="events.cancelled",
            title=_("活动取消：%(title)s") % {"title": event.title},
            body=_("很抱歉，活动已取消。原因：%(reason)s") % {"reason": reason},
            url=url,
            sms=True,
        )
    portal_changed()  # case pages link to public events
    audit_record(actor=actor, action="events.event.cancel", obj=event, changes={"reason": reason})
    return event


@service
def event_finish(*, actor: User, event: Event) -> Event:
    moved = Event.objects.filter(pk=event.pk, status=Event.Status.PUBLISHED).update(
        status=Event.Status.FINISHED
    )
    if not moved:
        raise EventError("not_published", _("只有已发布的活动可以结束。"))
    event.refresh_from_db()
    for reg in list(
        event.registrations.filter(status__in=[Status.AWAITING_APPROVAL, Status.WAITLISTED])
    ):
        _transition(reg, Status.CANCELLED_BY_ORGANISER)
    portal_changed()  # case pages link to public events
    audit_record(actor=actor, action="events.event.finish", obj=event)
    return event


@service
def event_mark_no_shows(*, actor: User, event: Event) -> int:
    if event.status != Event.Status.FINISHED and event.ends_at > timezone.now():
        raise EventError("not_over", _("活动结束后才能标记缺席。"))
    marked = 0
    for reg in list(event.registrations.filter(status=Status.REGISTERED)):
        _transition(reg, Status.NO_SHOW)
        marked += 1
    audit_record(actor=actor, action="events.event.no_shows", obj=event, changes={"marked": marked})
    return marked


@service
def event_report_save(*, actor: User, event: Event, summary: str, outcomes: str) -> Event:
    if event.status != Event.Status.FINISHED:
        raise EventError("not_finished", _("活动结束后才能填写总结。"))
    event.report_summary = sanitize_html(summary)
    event.report_outcomes = (outcomes or "")[:5000]
    event.attendance_count = event.registrations.filter(status=Status.CHECKED_IN).count()
    event.save(
        update_fields=["report_summary", "report_outcomes", "attendance_count", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="events.event.report",
        obj=event,
        changes={"attendance": event.attendance_count},
    )
    return event


@service
def series_create(
    *,
    actor: User,
    center: Center,
    title: str,
    signup_mode: str,
    sessions: list[tuple[datetime, datetime]],
    venue: str,
    **options: Any,
) -> Series:
    if not sessions:
        raise EventError("no_sessions", _("系列活动至少要有一场。"), 422)
    series = Series.objects.create(
        center=center, title=title, signup_mode=signup_mode, created_by=actor
    )
    for number, (starts_at, ends_at) in enumerate(sessions, start=1):
        event_create(
            actor=actor,
            center=center,
            title=_("%(title)s（第 %(n)d 场）") % {"title": title, "n": number},
            venue=venue,
            starts_at=starts_at,
            ends_at=ends_at,
            series=series,
            session_no=number,
            **options,
        )
    audit_record(
        actor=actor, action="events.series.create", obj=series, changes={"sessions": len(sessions)}
    )
    return series


# ---------------------------------------------------------------- seats and transitions
@functools.cache
def _take_seats_sql() -> str:
    quote, meta = connection.ops.quote_name, Event._meta
    table, key = quote(meta.db_table), quote(meta.pk.column)
    taken, capacity = (quote(meta.get_field(name).column) for name in ("taken", "capacity"))
    # names from the model's metadata, quoted; the numbers are parameters
    return (
        f"UPDATE {table} SET {taken} = {taken} + %s "  # noqa: S608
        f"WHERE {key} = %s AND ({capacity} = 0 OR {taken} + %s <= {capacity})"
    )


def _take_seats(event_id: int, seats: int) -> bool:
    """One conditional UPDATE: take ``seats`` only if they are free. True if taken.

    This is the statement every sign-up of a rush runs while it holds the writer slot (SQLite)
    or the event's row lock (PostgreSQL), so it is written once rather than built by the ORM
    on each call (0.5 ms of CPU)."""
    with connection.cursor() as cursor:
        cursor.execute(_take_seats_sql(), [seats, event_id, seats])
        return cursor.rowcount == 1


def _release_seats(event_id: int, seats: int) -> None:
    Event.objects.filter(pk=event_id, taken__gte=seats).update(taken=F("taken") - seats)


def _take_booth(event_id: int) -> bool:
    """One conditional UPDATE, like the seats: a booth only if one is free. True if taken."""
    return bool(
        Event.objects.filter(pk=event_id, booths_taken__lt=F("booths")).update(
            booths_taken=F("booths_taken") + 1
        )
    )


def _take_place(reg: Registration) -> bool:
    """A booth for an organisation, seats for a person (visitors' seats never pay for booths)."""
    if reg.organisation_id:
        return _take_booth(reg.event_id)
    return _take_seats(reg.event_id, reg.seats)


def _release_place(reg: Registration) -> None:
    if reg.organisation_id:
        Event.objects.filter(pk=reg.event_id, booths_taken__gte=1).update(
            booths_taken=F("booths_taken") - 1
        )
    else:
        _release_seats(reg.event_id, reg.seats)


def notify(reg: Registration, **message: Any) -> None:
    """A notification about ``reg`` to its contact: the person, or whoever booked for the
    organisation (nobody if that account is gone)."""
    recipient = reg.contact
    if recipient is not None:
        notification_send(user=recipient, **message)


def _transition(reg: Registration, to: str, **extra: Any) -> Registration:
    """Move a registration along one listed transition, keeping the seat counter in step."""
    frm = Status(reg.status)
    to = Status(to)
    if to not in Registration.TRANSITIONS[frm]:
        raise EventError(
            "bad_transition",
            _("报名状态“%(frm)s”不能变为“%(to)s”。") % {"frm": frm.label, "to": to.label},
        )
    now = timezone.now()
    moved = Registration.objects.filter(pk=reg.pk, status=frm).update(
        status=to, status_changed_at=now, **extra
    )
    if not moved:
        raise EventError("changed", _("报名状态已被他人修改，请刷新后再试。"))
    was, will = Registration.COUNTED[frm], Registration.COUNTED[to]
    if will and not was and not _take_place(reg):
        raise _Full
    if was and not will:
        _release_place(reg)
    reg.status = to
    reg.status_changed_at = now
    for key, value in extra.items():
        setattr(reg, key, value)
    return reg


def _queue_key(now: datetime | None = None) -> int:
    """Where a newly waitlisted person joins the queue: the time in microseconds. The queue is
    ordered by (waitlist_position, id); arrivals come after everyone before them without a
    look-up, and an organiser's reordering renumbers the queue 1, 2, 3 ..., which stays
    ahead of every later arrival."""
    return int((now or timezone.now()).timestamp() * 1_000_000)


def _promote_waitlist(*, event: Event, actor: User | None) -> list[Registration]:
    """Promote waitlisted people in order while seats are free (same transaction as the caller)."""
    promoted: list[Registration] = []
    queue = (
        Registration.objects.filter(event_id=event.pk, status=Status.WAITLISTED)
        .select_related("person", "event")
        .order_by("waitlist_position", "id")
    )
    for reg in queue[:50]:
        try:
            with transaction.atomic():
                _transition(reg, Status.REGISTERED)
        except _Full:
            break
        promoted.append(reg)
        notification_send(
            user=reg.person,
            kind="events.promoted",
            title=_("候补成功：%(title)s") % {"title": reg.event.title},
            body=_("有名额空出，您已从候补转为正式报名。请准时参加。"),
            url=reverse("events:mine"),
            sms=True,
        )
        audit_record(actor=actor, action="events.registration.promote", obj=reg)
    return promoted


# ---------------------------------------------------------------- sign-up
def person_community_ids(person: User) -> set[int]:
    return {
        a.area_id
        for a in roles.assignments(person)
        if a.area_id and a.area.level == Area.Level.COMMUNITY
    }


def eligibility_error(event: Event, person: User) -> str | None:
    """Why this person may not sign up, or None."""
    if event.eligibility == Event.Eligibility.COMMUNITIES:
        allowed = set(event.eligible_communities.values_list("id", flat=True))
        if not allowed & person_community_ids(person):
            return _("本活动只接受指定社区的居民报名。")
    elif event.eligibility == Event.Eligibility.TAGS:
        from threecenters.people.models import ResidentTag

        mine = ResidentTag.objects.filter(
            residentprofile__user=person, id__in=event.eligible_tags.values("id")
        )
        if not mine.exists():
            return _("本活动只接受有指定标签的居民报名。")
    elif (
        event.eligibility == Event.Eligibility.INVITED
        and not event.invited.filter(pk=person.pk).exists()
    ):
        return _("本活动只接受受邀人员报名。")
    return None


def check_signup_window(event: Event, now: datetime) -> None:
    """Refuse a sign-up or booth booking unless the event is published and taking them now."""
    if event.status == Event.Status.CANCELLED:
        raise EventError("event_cancelled", _("该活动已取消。"))
    if event.status == Event.Status.FINISHED or event.ends_at <= now:
        raise EventError("event_finished", _("该活动已结束。"))
    if event.status != Event.Status.PUBLISHED:
        raise EventError("event_not_published", _("该活动尚未发布。"), 404)
    if event.signup_opens_at and now < event.signup_opens_at:
        raise EventError("signup_not_open", _("报名尚未开始。"))
    if event.signup_closes_at and now > event.signup_closes_at:
        raise EventError("signup_closed", _("报名已截止。"))


def _check_open(event: Event, person: User, now: datetime) -> None:
    check_signup_window(event, now)
    reason = eligibility_error(event, person)
    if reason:
        raise EventError("not_eligible", reason, 403)


def _notify_placed(regs: list[Registration]) -> None:
    reg = regs[0]
    event = reg.event
    title = event.series.title if (event.series_id and len(regs) > 1) else event.title
    if reg.status == Status.REGISTERED:
        subject = _("报名成功：%(title)s") % {"title": title}
        body = _("开始时间 %(when)s，地点 %(venue)s。签到码在“我的活动”里。") % {
            "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
            "venue": event.venue,
        }
    elif reg.status == Status.WAITLISTED:
        subject = _("已进入候补：%(title)s") % {"title": title}
        body = _("名额已满，您在候补名单中；有人取消时会按顺序递补并通知您。")
    else:
        subject = _("报名待审核：%(title)s") % {"title": title}
        body = _("主办方审核后会通知您结果。")
    notify(
        reg,
        kind="events.signup",
        title=subject,
        body=body,
        url=reverse("events:mine"),
        sms=reg.status == Status.REGISTERED,
    )


def _targets(event: Event) -> list[Event]:
    """The events one sign-up covers: the whole series in series mode, else this event."""
    if event.series_id and event.series.signup_mode == Series.SignupMode.SERIES:
        return list(
            Event.objects.filter(series_id=event.series_id)
            .exclude(status__in=[Event.Status.CANCELLED, Event.Status.FINISHED])
            .order_by("session_no", "id")
        )
    return [event]


def _place(
    events: list[Event],
    person: User,
    companions: int,
    *,
    walk_in: bool,
    announce: Callable[[list[Registration]], None] | None = None,
) -> list[Registration]:
    """Create the registrations, taking seats where the rule allows, and ``announce`` them
    (notification, audit) in the same transaction. Raises IntegrityError on a duplicate (the
    caller turns that into the existing registration).

    Seats are taken by the last statement before commit, so the event row (the one hot row of a
    rush) stays locked only for the commit itself. Whether the person gets a seat is decided by
    that conditional UPDATE alone; the possibly stale ``taken`` read earlier only chooses which
    attempt to make first."""
    first = events[0]
    seats = 1 + companions
    now = timezone.now()

    def create(status: str) -> list[Registration]:
        regs = [
            _insert(event, person, companions, status, now=now, walk_in=walk_in) for event in events
        ]
        for reg, event in zip(regs, events, strict=True):
            reg.event = event
        if announce is not None:
            announce(regs)
        return regs

    # The caller's transaction holds everything below: an inner block that needs no partial
    # rollback opens no savepoint (savepoint=False), which spares round trips in a rush.
    placed = Status.CHECKED_IN if walk_in else Status.REGISTERED
    if first.approval_required and not walk_in:
        with transaction.atomic(savepoint=False):
            return create(Status.AWAITING_APPROVAL)
    looks_free = all(e.capacity == 0 or e.taken + seats <= e.capacity for e in events)
    if not looks_free and len(events) == 1:
        # Read as full: one conditional UPDATE (nothing to undo when it takes no seat) tells
        # whether a seat has been freed since the event was read.
        if _take_seats(first.pk, seats):
            with transaction.atomic(savepoint=False):
                return create(placed)
    else:
        try:
            with transaction.atomic():
                regs = create(placed) if looks_free else []
                for event in events:
                    if not _take_seats(event.pk, seats):
                        raise _Full
                if not looks_free:
                    # Seats were free after all (someone cancelled since the events were read).
                    regs = create(placed)
                return regs
        except _Full:
            pass
    if walk_in or not all(e.waitlist_enabled for e in events):
        raise EventError("event_full", _("名额已满。"))
    with transaction.atomic(savepoint=False):
        return create(Status.WAITLISTED)


def _insert(
    event: Event, person: User, companions: int, status: str, *, now: datetime, walk_in: bool
) -> Registration:
    return rows.insert(
        Registration(
            event=event,
            person=person,
            status=status,
            companions=companions,
            # a sign-up takes a random code without a look-up first: the (event, code) unique
            # constraint refuses the rare repeat and registration_create retries the sign-up;
            # a walk-in (no retry around it) looks for a free code
            code=_free_code(event.pk) if walk_in else new_code(),
            walk_in=walk_in,
            waitlist_position=_queue_key(now) if status == Status.WAITLISTED else 0,
            checked_in_at=now if status == Status.CHECKED_IN else None,
            created_at=now,
            status_changed_at=now,
        )
    )


def _free_code(event_id: int) -> str:
    for _attempt in range(20):
        code = new_code()
        if not Registration.objects.filter(event_id=event_id, code=code).exists():
            return code
    return new_code()


def _reactivate(regs: list[Registration], companions: int) -> list[Registration]:
    first = regs[0]
    want = Status.AWAITING_APPROVAL if first.event.approval_required else Status.REGISTERED
    for reg in regs:
        reg.companions = companions
        Registration.objects.filter(pk=reg.pk).update(
            companions=companions, token=new_token(), code=_free_code(reg.event_id)
        )
    try:
        with transaction.atomic():
            for reg in regs:
                _transition(reg, want)
    except _Full:
        if not all(r.event.waitlist_enabled for r in regs):
            raise EventError("event_full", _("名额已满。")) from None
        for reg in regs:
            _transition(reg, Status.WAITLISTED, waitlist_position=_queue_key())
    for reg in regs:
        reg.refresh_from_db()
    return regs


_sqlite_writers = threading.Lock()
_sqlite_lock_files: dict[str, int] = {}


def _lock_file(database: str) -> int:
    fd = _sqlite_lock_files.get(database)
    if fd is None:
        fd = os.open(f"{database}.writers", os.O_RDWR | os.O_CREAT, 0o600)
        _sqlite_lock_files[database] = fd
    return fd


@contextmanager
def _writer_slot():
    """SQLite lets one writer in at a time and makes the others poll with growing sleeps; under
    a rush that polling, not the work, dominates. Sign-ups therefore queue here first: threads
    of one process on a lock, processes on an exclusive ``flock`` of a file beside the database
    (the kernel wakes the next waiter when it is released). The seat rule itself stays in the
    database; this only orders the writers."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _sqlite_writers:
        database = str(connection.settings_dict["NAME"])
        if fcntl is None or database == ":memory:" or database.startswith("file:"):
            yield
            return
        fd = _lock_file(database)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def registration_create(
    *, event: Event, person: User, companions: int = 0, actor: User | None = None
) -> tuple[Registration, bool]:
    """Sign a person up. Returns (registration, created). Signing up twice returns the first
    registration; a full event puts the person on the waitlist (if the event keeps one)."""
    if companions < 0 or companions > event.companions_allowed:
        raise EventError(
            "too_many_companions",
            _("每人最多可带 %(n)d 位同行人。") % {"n": event.companions_allowed},
            422,
            {"companions": [_("每人最多可带 %(n)d 位同行人。") % {"n": event.companions_allowed}]},
        )
    for attempt in range(3):
        try:
            # the first attempt assumes a first sign-up (the unique (event, person) constraint
            # catches a repeat, whose existing registration the next attempt reads)
            fresh = _first_signup_targets(event, person, look=attempt > 0)
            with _writer_slot(), transaction.atomic():
                if fresh is None:
                    return _registration_create(event, person, companions, actor)
                return _place_signup(fresh, event, person, companions, actor), True
        except IntegrityError:
            existing = Registration.objects.filter(event=event, person=person).first()
            if existing is not None and existing.active:
                return existing, False
            if attempt == 2:
                raise
        except EventError as exc:
            # full without a waitlist refuses before any insert could meet the person's own
            # registration: look for it before saying "full"
            if attempt > 0 or exc.code != "event_full":
                raise
    raise AssertionError("unreachable")


def _first_signup_targets(event: Event, person: User, *, look: bool) -> list[Event] | None:
    """For a person with no registration here yet (the common case, and every case in a rush):
    the events to place them in, checked open and eligible. These reads happen before the
    writer slot, which then only covers the writes; a registration made meanwhile by a second
    submit is caught by the unique (event, person) constraint. None when the person has a
    registration here already (looked for only when ``look``): that case is read again inside
    the transaction."""
    if look and Registration.objects.filter(event=event, person=person).exists():
        return None
    try:
        _check_open(event, person, timezone.now())
    except EventError:
        # a closed event still answers a repeat with the registration made while it was open
        if not look and Registration.objects.filter(event=event, person=person).exists():
            return None
        raise
    targets = _targets(event)
    if len(targets) > 1 and Registration.objects.filter(event__in=targets, person=person).exists():
        return None
    return targets


def _registration_create(
    event: Event, person: User, companions: int, actor: User | None
) -> tuple[Registration, bool]:
    now = timezone.now()
    existing = list(Registration.objects.filter(event=event, person=person).select_related("event"))
    if existing and existing[0].active:
        return existing[0], False
    _check_open(event, person, now)
    if existing and existing[0].status in (Status.REJECTED, Status.CANCELLED_BY_ORGANISER):
        raise EventError("signup_refused", _("您在本活动的报名已被主办方取消或未通过审核。"), 409)
    targets = _targets(event)
    if [t.pk for t in targets] == [event.pk]:
        previous = existing  # one event: already read above
    else:
        previous = list(
            Registration.objects.filter(event__in=targets, person=person).select_related("event")
        )
    if previous:
        if any(r.status != Status.CANCELLED_BY_PERSON for r in previous):
            mine = next((r for r in previous if r.event_id == event.pk), previous[0])
            if mine.active:
                return mine, False
            raise EventError(
                "signup_refused", _("您在本活动的报名已被主办方取消或未通过审核。"), 409
            )
        regs = _reactivate(previous, companions)
        _announce_signup(regs, event, person, actor)
        return next((r for r in regs if r.event_id == event.pk), regs[0]), True
    return _place_signup(targets, event, person, companions, actor), True


def _place_signup(
    targets: list[Event], event: Event, person: User, companions: int, actor: User | None
) -> Registration:
    """Place a new sign-up in ``targets`` and announce it; the registration for ``event``."""
    regs = _place(
        targets,
        person,
        companions,
        walk_in=False,
        announce=lambda placed: _announce_signup(placed, event, person, actor),
    )
    return next((r for r in regs if r.event_id == event.pk), regs[0])


def _announce_signup(
    regs: list[Registration], event: Event, person: User, actor: User | None
) -> None:
    _notify_placed(regs)
    mine = next((r for r in regs if r.event_id == event.pk), regs[0])
    audit_record(
        actor=actor or person,
        action="events.registration.create",
        obj=mine,
        changes={"status": mine.status, "sessions": len(regs)},
    )


def _series_siblings(reg: Registration) -> list[Registration]:
    event = reg.event
    if event.series_id and event.series.signup_mode == Series.SignupMode.SERIES:
        return list(
            Registration.objects.filter(event__series_id=event.series_id, person_id=reg.person_id)
            .select_related("event")
            .order_by("event__session_no")
        )
    return [reg]


@service
def registration_cancel(
    *, registration: Registration, actor: User, reason: str = ""
) -> Registration:
    """Cancel by the person (their own) or by an organiser; frees seats and promotes the
    waitlist in the same transaction."""
    reg = Registration.objects.select_related("event", "event__series", "person").get(
        pk=registration.pk
    )
    if reg.organisation_id:  # a booth booking
        from threecenters.events.booths import booth_cancel

        return booth_cancel(registration=reg, actor=actor, reason=reason)
    own = reg.person_id == actor.pk
    if not own and not actor.has_perm("events.manage_event", reg.event):
        _audit_refusal(
            actor=actor,
            action="events.registration.cancel",
            obj=reg,
            changes={"refused": "not_own"},
        )
        # the same answer as for an id that does not exist: nothing tells the two apart
        raise EventError("not_found", _("找不到您要的内容。"), 404)
    to = Status.CANCELLED_BY_PERSON if own else Status.CANCELLED_BY_ORGANISER
    if reg.status in (Status.CANCELLED_BY_PERSON, Status.CANCELLED_BY_ORGANISER) and own:
        return reg
    if reg.status not in (Status.AWAITING_APPROVAL, Status.REGISTERED, Status.WAITLISTED):
        raise EventError("cannot_cancel", _("当前状态的报名不能取消。"))
    if reg.event.status not in (Event.Status.PUBLISHED, Event.Status.DRAFT):
        raise EventError("event_closed", _("该活动已结束或已取消。"))
    for sibling in _series_siblings(reg):
        if sibling.status in (Status.AWAITING_APPROVAL, Status.REGISTERED, Status.WAITLISTED):
            _transition(sibling, to)
            _promote_waitlist(event=sibling.event, actor=actor)
    reg.refresh_from_db()
    if not own:
        notification_send(
            user=reg.person,
            kind="events.cancelled",
            title=_("报名已被取消：%(title)s") % {"title": reg.event.title},
            body=reason or _("主办方取消了您的报名。"),
            url=reverse("events:detail", args=[reg.event_id]),
            sms=True,
        )
    audit_record(actor=actor, action="events.registration.cancel", obj=reg, changes={"to": to})
    return reg


def _organiser_only(reg: Registration, actor: User, action: str) -> None:
    if not actor.has_perm("events.manage_event", reg.event):
        _audit_refusal(actor=actor, action=action, obj=reg)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)


@service
def registration_decide(*, registration: Registration, actor: User, approve: bool) -> Registration:
    reg = Registration.objects.select_related("event", "person", "organisation", "booked_by").get(
        pk=registration.pk
    )
    _organiser_only(reg, actor, "events.registration.decide")
    if reg.status != Status.AWAITING_APPROVAL:
        raise EventError("not_awaiting", _("该报名不在待审核状态。"))
    if approve:
        try:
            with transaction.atomic():
                _transition(reg, Status.REGISTERED)
        except _Full:
            if reg.organisation_id:
                raise EventError("booths_full", _("展位已订满。")) from None
            if not reg.event.waitlist_enabled:
                raise EventError("event_full", _("名额已满。")) from None
            _transition(reg, Status.WAITLISTED, waitlist_position=_queue_key())
        _notify_placed([reg])
    else:
        _transition(reg, Status.REJECTED)
        notify(
            reg,
            kind="events.rejected",
            title=_("报名未通过审核：%(title)s") % {"title": reg.event.title},
            body=_("很抱歉，您的报名未通过主办方审核。"),
            url=reverse("events:detail", args=[reg.event_id]),
            sms=True,
        )
    audit_record(
        actor=actor, action="events.registration.decide", obj=reg, changes={"to": reg.status}
    )
    return reg


@service
def registration_promote(*, registration: Registration, actor: User) -> Registration:
    """An organiser promotes a waitlisted person by hand (still within capacity)."""
    reg = Registration.objects.select_related("event", "person").get(pk=registration.pk)
    _organiser_only(reg, actor, "events.registration.promote")
    if reg.status != Status.WAITLISTED:
        raise EventError("not_waitlisted", _("该报名不在候补名单中。"))
    try:
        with transaction.atomic():
            _transition(reg, Status.REGISTERED)
    except _Full:
        raise EventError("event_full", _("名额已满，请先增加名额或等待有人取消。")) from None
    notification_send(
        user=reg.person,
        kind="events.promoted",
        title=_("候补成功：%(title)s") % {"title": reg.event.title},
        body=_("有名额空出，您已从候补转为正式报名。请准时参加。"),
        url=reverse("events:mine"),
        sms=True,
    )
    audit_record(actor=actor, action="events.registration.promote", obj=reg)
    return reg


@service
def registration_move(*, registration: Registration, actor: User, up: bool) -> Registration:
    """Swap a waitlisted person with their neighbour in the queue."""
    reg = Registration.objects.select_related("event").get(pk=registration.pk)
    _organiser_only(reg, actor, "events.registration.move")
    if reg.status != Status.WAITLISTED:
        raise EventError("not_waitlisted", _("该报名不在候补名单中。"))
    queue = list(
        Registration.objects.filter(event_id=reg.event_id, status=Status.WAITLISTED).order_by(
            "waitlist_position", "id"
        )
    )
    index = next(i for i, r in enumerate(queue) if r.pk == reg.pk)
    other_index = index - 1 if up else index + 1
    if 0 <= other_index < len(queue):
        queue[index], queue[other_index] = queue[other_index], queue[index]
        for position, item in enumerate(queue, start=1):
            if item.waitlist_position != position:
                Registration.objects.filter(pk=item.pk).update(waitlist_position=position)
        audit_record(
            actor=actor,
            action="events.registration.move",
            obj=reg,
            changes={"up": up, "position": other_index + 1},
        )
    reg.refresh_from_db()
    return reg


# ---------------------------------------------------------------- check-in
def checkin_token(registration: Registration) -> str:
    """What the QR code holds: the registration's random token, bound to its event and signed."""
    return signing.Signer(salt=CHECKIN_SALT).sign(f"{registration.event_id}.{registration.token}")


def _refuse(actor: User, event: Event, code: str, message: str, status: int, detail: str) -> None:
    _audit_refusal(
        actor=actor,
        action="events.checkin",
        obj=event,
        changes={"refused": code, "detail": detail[:80]},
    )
    raise EventError(code, message, status)


def _find_for_checkin(
    *, event: Event, actor: User, token: str | None, code: str | None
) -> Registration:
    if token:
        try:
            value = signing.Signer(salt=CHECKIN_SALT).unsign(token.strip())
        except signing.BadSignature:
            value = None
        event_part, _sep, raw = (value or "").partition(".")
        if value is None or not event_part.isdigit():
            _refuse(actor, event, "token_forged", _("二维码无效。"), 400, token)
        if int(event_part) != event.pk:
            _refuse(actor, event, "token_other_event", _("这是其他活动的签到码。"), 409, token)
        reg = Registration.objects.filter(event=event, token=raw).select_related("person").first()
        if reg is None:
            _refuse(
                actor,
                event,
                "token_replayed",
                _("该二维码已失效，请刷新“我的活动”后重新出示。"),
                409,
                token,
            )
        return reg
    if code and code.strip().isdigit() and len(code.strip()) == 6:
        reg = (
            Registration.objects.filter(event=event, code=code.strip())
            .select_related("person")
            .first()
        )
        if reg is None:
            _refuse(actor, event, "code_unknown", _("签到码不正确。"), 404, code)
        return reg
    raise EventError(
        "code_invalid",
        _("请输入 6 位数字签到码或扫描二维码。"),
        422,
        {"code": [_("请输入 6 位数字签到码。")]},
    )


@service
def registration_check_in(
    *,
    event: Event,
    actor: User,
    token: str | None = None,
    code: str | None = None,
    registration: Registration | None = None,
    at: datetime | None = None,
) -> CheckInResult:
    """Check a person in by QR token, 6-digit code or from the list, inside the kind's window.
    Each check-in opens an attendance pair; twice without a check-out is harmless, after a
    check-out it opens the next pair (up to the kind's pairs per day). ``at``: a time staff
    enter (not later than now)."""
    if not actor.has_perm("events.manage_event", event):
        _audit_refusal(actor=actor, action="events.checkin", obj=event)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)
    if event.status not in (Event.Status.PUBLISHED, Event.Status.FINISHED):
        raise EventError("event_closed", _("该活动未发布或已取消，不能签到。"))
    if registration is not None:
        if registration.event_id != event.pk:
            _refuse(
                actor,
                event,
                "token_other_event",
                _("这是其他活动的签到码。"),
                409,
                str(registration.pk),
            )
        reg = Registration.objects.select_related("person", "organisation").get(pk=registration.pk)
        method = attendance.Method.STAFF
    else:
        reg = _find_for_checkin(event=event, actor=actor, token=token, code=code)
        method = attendance.Method.QR if token else attendance.Method.CODE
    at = attendance.when(at)
    if reg.status == Status.CHECKED_IN and attendance.has_open_pair(reg):
        return CheckInResult(registration=reg, already=True)
    if reg.status not in (Status.REGISTERED, Status.NO_SHOW, Status.CHECKED_IN):
        raise EventError(
            "not_registered",
            _("%(name)s 的报名状态是“%(status)s”，不能签到。")
            % {"name": reg.participant_name, "status": reg.get_status_display()},
        )
    attendance.check_window(event=event, actor=actor, at=at, action="events.checkin")
    if reg.status == Status.CHECKED_IN:  # the next pair after a check-out
        Registration.objects.filter(pk=reg.pk).update(checked_out_at=None)
        reg.checked_out_at = None
    else:
        _transition(reg, Status.CHECKED_IN, checked_in_at=at, checked_out_at=None)
    attendance.open_pair(registration=reg, event=event, actor=actor, method=method, at=at)
    audit_record(actor=actor, action="events.checkin", obj=reg, changes={"method": method})
    return CheckInResult(registration=reg, already=False)


@service
def registration_check_out(
    *, registration: Registration, actor: User, at: datetime | None = None
) -> Registration:
    """Close the open attendance pair, inside the kind's window."""
    reg = Registration.objects.select_related("event").get(pk=registration.pk)
    _organiser_only(reg, actor, "events.checkout")
    if reg.status != Status.CHECKED_IN:
        raise EventError("not_checked_in", _("签到后才能签退。"))
    at = attendance.when(at)
    attendance.check_window(event=reg.event, actor=actor, at=at, action="events.checkout")
    attendance.close_pair(registration=reg, actor=actor, at=at)
    reg.checked_out_at = at
    Registration.objects.filter(pk=reg.pk).update(checked_out_at=at)
    audit_record(actor=actor, action="events.checkout", obj=reg)
    return reg


@service
def registration_walk_in(*, event: Event, actor: User, name: str, mobile: str) -> Registration:
    """Staff register someone at the door; they are checked in at once (a seat is still needed)."""
    if not actor.has_perm("events.manage_event", event):
        _audit_refusal(actor=actor, action="events.walk_in", obj=event)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)
    if event.status != Event.Status.PUBLISHED:
        raise EventError("event_closed", _("该活动未发布或已取消，不能签到。"))
    attendance.check_window(event=event, actor=actor, at=timezone.now(), action="events.walk_in")
    person = User.objects.filter(mobile=mobile).first()
    if person is None:
        person = User(username=f"walkin-{new_token()[:12]}", display_name=name[:40], mobile=mobile)
        person.set_unusable_password()
        person.save()
    existing = Registration.objects.filter(event=event, person=person).first()
    if existing is not None:
        if existing.status in (Status.REGISTERED, Status.NO_SHOW, Status.CHECKED_IN):
            return registration_check_in(
                event=event, actor=actor, registration=existing
            ).registration
        raise EventError(
            "already_registered",
            _("此人已有报名记录（%(status)s），请在名单中处理。")
            % {"status": existing.get_status_display()},
        )
    reg = _place([event], person, 0, walk_in=True)[0]
    attendance.open_pair(
        registration=reg,
        event=event,
        actor=actor,
        method=attendance.Method.WALK_IN,
        at=reg.checked_in_at,
    )
    audit_record(actor=actor, action="events.walk_in", obj=reg)
    return reg


# ---------------------------------------------------------------- photos
@service
def photo_add(*, event: Event, actor: User, upload, caption: str = "") -> Photo:
    """Organisers and checked-in participants add photos to a finished event."""
    from threecenters.events.images import ImageRejected, clean_image

    organiser = actor.has_perm("events.manage_event", event)
    if event.status != Event.Status.FINISHED:
        raise EventError("not_finished", _("活动结束后才能上传照片。"))
    if (
        not organiser
        and not Registration.objects.filter(
            event=event, person=actor, status=Status.CHECKED_IN
        ).exists()
    ):
        _audit_refusal(actor=actor, action="events.photo.add", obj=event)
        raise EventError("forbidden", _("只有主办方和已签到的参与者可以上传照片。"), 403)
    try:
        cleaned = clean_image(upload)
    except ImageRejected as exc:
        _audit_refusal(
            actor=actor,
            action="events.photo.add",
            obj=event,
            changes={"refused": exc.code},
        )
        raise EventError(exc.code, str(exc), 422, {"image": [str(exc)]}) from None
    photo = Photo(
        event=event,
        uploader=actor,
        caption=(caption or "")[:200],
        width=cleaned.width,
        height=cleaned.height,
        status=Photo.Status.APPROVED if organiser else Photo.Status.PENDING,
    )
    photo.image.save(cleaned.name, cleaned.content, save=False)
    photo.thumbnail.save(cleaned.thumbnail.name, cleaned.thumbnail, save=False)
    photo.save()
    audit_record(actor=actor, action="events.photo.add", obj=photo)
    return photo


@service
def photo_moderate(*, photo: Photo, actor: User, status: str) -> Photo:
    if not actor.has_perm("events.manage_event", photo.event):
        _audit_refusal(actor=actor, action="events.photo.moderate", obj=photo)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)
    if status not in (Photo.Status.APPROVED, Photo.Status.HIDDEN):
        raise EventError("bad_status", _("此项的值无效。"), 422)
    Photo.objects.filter(pk=photo.pk).update(status=status)
    photo.status = status
    audit_record(actor=actor, action="events.photo.moderate", obj=photo, changes={"status": status})
    return photo


# ---------------------------------------------------------------- reminders
REMINDER_TITLE = gettext_lazy("活动提醒：%(title)s")


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone registered for events starting in the next 24 hours. Each reminder
    carries a dedupe key, so two workers running this at once send it once."""
    now = now or timezone.now()
    sent = 0
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
    )
    for event in events.iterator():
        regs = Registration.objects.filter(
            event=event, status=Status.REGISTERED, person__isnull=False
        ).select_related("person")
        for reg in regs.iterator():
            result = notification_send(
                user=reg.person,
                kind="events.reminder",
                title=str(REMINDER_TITLE) % {"title": event.title},
                body=_("活动将于 %(when)s 在 %(venue)s 开始，请准时参加；签到码在“我的活动”里。")
                % {
                    "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
                    "venue": event.venue,
                },
                url=reverse("events:mine"),
                sms=True,
                dedupe_key=f"events.reminder.{event.pk}",
            )
            if result is not None:
                sent += 1
    return sent
