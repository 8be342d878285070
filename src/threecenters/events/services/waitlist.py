"""The waitlist: promotion when seats free up, and the organiser's moves."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import service
from threecenters.core.models import User
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration
from threecenters.events.services.common import Status, _organiser_only, _transition
from threecenters.events.services.seats import _Full
from threecenters.notify.services import notification_send


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
