"""Sign-ups: eligibility, the sign-up window, placing a person, cancelling and deciding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core import roles
from threecenters.core.audit import audit_record
from threecenters.core.db import writer
from threecenters.core.kit import service
from threecenters.core.models import Area, User
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration, Series, new_code, new_token
from threecenters.events.services.common import (
    Status,
    _audit_refusal,
    _organiser_only,
    _queue_key,
    _transition,
    notify,
)
from threecenters.events.services.seats import _Full, _take_seats
from threecenters.events.services.waitlist import _promote_waitlist
from threecenters.notify.services import notification_send


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
    return Registration.objects.create(
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
            with writer():
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
