"""What the event services share: registration states, notifications and one state change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.kit import refusal_audit
from threecenters.core.models import User
from threecenters.events.errors import EventError
from threecenters.events.models import Registration
from threecenters.events.services.seats import _Full, _release_place, _take_place
from threecenters.notify.services import notification_send

Status = Registration.Status


# Refusals are audited after the service's transaction (core.kit).
_audit_refusal = refusal_audit


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


def _organiser_only(reg: Registration, actor: User, action: str) -> None:
    if not actor.has_perm("events.manage_event", reg.event):
        _audit_refusal(actor=actor, action=action, obj=reg)
        raise EventError("forbidden", _("您没有权限执行此操作。"), 403)
