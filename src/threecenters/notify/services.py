"""Notifications: the in-app inbox and SMS, sent after the surrounding transaction commits."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from threecenters.core.kit import service
from threecenters.core.models import User
from threecenters.notify.models import Notification, SmsMessage


def sms_queue(*, mobile: str, text: str) -> SmsMessage:
    """Queue an SMS; it is handed to the worker once the caller's transaction commits."""
    from threecenters.notify.tasks import sms_send

    message = SmsMessage.objects.create(mobile=mobile, text=text[:500])
    transaction.on_commit(lambda: sms_send.enqueue(message.pk))
    return message


def notification_send(
    *,
    user: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    sms: bool = False,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Put a message in the person's inbox (and send an SMS if asked and they have a mobile).

    With ``dedupe_key`` the same notification is delivered once per person even when two
    workers race; the loser gets ``None``.
    """
    try:
        # a savepoint only where a duplicate is expected and must not abort the caller
        with transaction.atomic(savepoint=dedupe_key is not None):
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=str(title)[:200],
                body=str(body)[:5000],
                url=url,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    if sms and user.mobile:
        sms_queue(mobile=user.mobile, text=f"{title} {body}".strip())
    return notification


@service
def notification_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
