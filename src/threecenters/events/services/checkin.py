"""Check-in and check-out by QR token or code, and walk-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import service
from threecenters.core.models import User
from threecenters.events import attendance
from threecenters.events.errors import EventError
from threecenters.events.models import Event, Registration, new_token
from threecenters.events.services.common import Status, _audit_refusal, _organiser_only, _transition
from threecenters.events.services.registration import _place

CHECKIN_SALT = "threecenters.events.checkin"


@dataclass
class CheckInResult:
    registration: Registration
    already: bool


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
