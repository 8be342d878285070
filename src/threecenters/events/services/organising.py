"""Events: create, edit, publish, cancel, finish, mark no-shows, write the report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import service
from threecenters.core.models import Area, Center, User
from threecenters.core.richtext import sanitize_html
from threecenters.events import kinds
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration, Series
from threecenters.events.services.common import Status, _audit_refusal, _transition, notify
from threecenters.events.services.waitlist import _promote_waitlist

EDITABLE_FIELDS = {
    "public_contact_name",
    "public_contact_phone",
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
