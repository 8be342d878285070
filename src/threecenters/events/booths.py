"""Organisations as participants: an employer books one booth per fair.

A booth booking is a ``Registration`` with ``organisation`` set (and no person): unique per event
and organisation, counted in ``Event.booths_taken`` — one conditional UPDATE guarded by the CHECK
constraint ``booths_taken <= booths``, the way seats are — and never in the visitors' seats. The
person booking must act for the organisation (an employer role scoped to it) or organise the
event. If the event needs approval the booking waits for the organiser, who decides it like any
sign-up (``services.registration_decide``); a full fair has no waitlist for booths.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import refusal_audit, service
from threecenters.core.models import Organisation, User
from threecenters.events import kinds
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration
from threecenters.events.services.common import _transition, notify
from threecenters.events.services.registration import _free_code
from threecenters.events.services.seats import _Full

Status = Registration.Status


def takes_booths(event: Event) -> bool:
    return kinds.of(event).organisation_participants and event.booths > 0


def may_book_for(user: User, event: Event, organisation: Organisation) -> bool:
    return user.has_perm("events.act_for_organisation", organisation) or user.has_perm(
        "events.manage_event", event
    )


def _check_open(event: Event) -> None:
    from threecenters.events.services import check_signup_window

    check_signup_window(event, timezone.now())


def _full() -> EventError:
    return EventError("booths_full", _("展位已订满。"))


@service
def booth_book(
    *, actor: User, event: Event, organisation: Organisation, note: str = ""
) -> tuple[Registration, bool]:
    """Book a booth for ``organisation``. Returns (registration, created); booking twice returns
    the first booking."""
    if not takes_booths(event):
        raise EventError("no_booths", _("本活动不接受单位预订展位。"))
    if not may_book_for(actor, event, organisation):
        refusal_audit(
            actor=actor,
            action="events.booth.book",
            obj=event,
            changes={"refused": "not_acting_for", "organisation": organisation.pk},
        )
        raise EventError("forbidden", _("您不能代表该单位预订展位。"), 403)
    event = Event.objects.get(pk=event.pk)
    _check_open(event)
    want = Status.AWAITING_APPROVAL if event.approval_required else Status.REGISTERED
    note = (note or "").strip()[:300]
    existing = Registration.objects.filter(event=event, organisation=organisation).first()
    if existing is not None and existing.active:
        return existing, False
    if existing is not None:
        if existing.status != Status.CANCELLED_BY_PERSON:
            raise EventError(
                "signup_refused", _("该单位在本活动的预订已被主办方取消或未通过审核。")
            )
        Registration.objects.filter(pk=existing.pk).update(
            booked_by=actor, note=note, code=_free_code(event.pk)
        )
        existing.booked_by, existing.note = actor, note
        try:
            with transaction.atomic():
                reg = _transition(existing, want)
        except _Full:
            raise _full() from None
    else:
        try:
            with transaction.atomic():
                reg = Registration.objects.create(
                    event=event,
                    organisation=organisation,
                    booked_by=actor,
                    status=Status.AWAITING_APPROVAL,
                    note=note,
                    code=_free_code(event.pk),
                )
        except IntegrityError:  # booked at the same moment by someone else for this organisation
            reg = Registration.objects.filter(event=event, organisation=organisation).first()
            if reg is not None and reg.active:
                return reg, False
            raise
        if want == Status.REGISTERED:
            try:
                with transaction.atomic():
                    _transition(reg, want)
            except _Full:
                raise _full() from None
    reg.event, reg.organisation = event, organisation
    if reg.status == Status.REGISTERED:
        title = _("展位预订成功：%(title)s") % {"title": event.title}
        body = _("%(organisation)s 已预订展位，请按时到场布展签到。") % {
            "organisation": organisation.name
        }
    else:
        title = _("展位预订待审核：%(title)s") % {"title": event.title}
        body = _("主办方审核后会通知您结果。")
    notify(
        reg,
        kind="events.booth",
        title=title,
        body=body,
        url=reverse("events:detail", args=[event.pk]),
    )
    audit_record(
        actor=actor,
        action="events.booth.book",
        obj=reg,
        changes={"organisation": organisation.pk, "status": reg.status},
    )
    return reg, True


@service
def booth_cancel(*, registration: Registration, actor: User, reason: str = "") -> Registration:
    """Cancel a booth booking: by someone acting for the organisation, or by an organiser. Frees
    the booth in the same transaction."""
    reg = Registration.objects.select_related("event", "organisation", "booked_by").get(
        pk=registration.pk
    )
    if reg.organisation_id is None:
        raise EventError("not_a_booth", _("这不是展位预订。"), 404)
    own = actor.has_perm("events.act_for_organisation", reg.organisation)
    organiser = actor.has_perm("events.manage_event", reg.event)
    if not own and not organiser:
        refusal_audit(
            actor=actor, action="events.booth.cancel", obj=reg, changes={"refused": "not_own"}
        )
        raise EventError("not_yours", _("找不到您要的内容。"), 404)
    to = Status.CANCELLED_BY_PERSON if own else Status.CANCELLED_BY_ORGANISER
    if reg.status in (Status.CANCELLED_BY_PERSON, Status.CANCELLED_BY_ORGANISER):
        return reg
    if reg.status not in (Status.AWAITING_APPROVAL, Status.REGISTERED):
        raise EventError("cannot_cancel", _("当前状态的报名不能取消。"))
    if reg.event.status not in (Event.Status.PUBLISHED, Event.Status.DRAFT):
        raise EventError("event_closed", _("该活动已结束或已取消。"))
    _transition(reg, to)
    if not own:
        notify(
            reg,
            kind="events.cancelled",
            title=_("展位预订已被取消：%(title)s") % {"title": reg.event.title},
            body=reason or _("主办方取消了您的展位预订。"),
            url=reverse("events:detail", args=[reg.event_id]),
            sms=True,
        )
    audit_record(actor=actor, action="events.booth.cancel", obj=reg, changes={"to": to})
    return reg
