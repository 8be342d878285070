"""Notifications: the in-app inbox and SMS, sent after the surrounding transaction commits."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from threecenters.core.kit import service
from threecenters.core.masking import mask_mobile
from threecenters.core.models import User
from threecenters.notify.models import Notification, SmsMessage

CODE_MASK = "******"


def mobile_digest(mobile: str) -> str:
    """The keyed digest that finds the messages sent to a number (the data download) without
    keeping the number: HMAC-SHA256 under the stable hash key (``THREECENTERS_ID_HASH_KEY``)."""
    return hmac.new(
        settings.ID_HASH_KEY.encode(), f"sms-mobile:{mobile}".encode(), hashlib.sha256
    ).hexdigest()


def sms_queue(
    *, mobile: str, text: str, purpose: str = SmsMessage.Purpose.NOTICE, secret: str = ""
) -> SmsMessage:
    """Queue an SMS; it is handed to the worker once the caller's transaction commits.
    ``secret`` (a one-time code inside ``text``) is masked in the log's copy of the text."""
    from threecenters.notify.tasks import sms_send

    text = str(text)[:500]
    message = SmsMessage.objects.create(
        mobile=mobile,
        mobile_masked=mask_mobile(mobile),
        mobile_digest=mobile_digest(mobile),
        purpose=purpose,
        text=text,
        redacted_text=text.replace(secret, CODE_MASK) if secret else text,
    )
    transaction.on_commit(lambda: sms_send.enqueue(message.pk))
    return message


def sms_log_text(message: SmsMessage) -> str:
    """What the SMS log shows: the sent text in the demo, the redacted one otherwise."""
    return message.text if settings.DEMO and message.text else message.redacted_text


def sms_log_prune() -> int:
    """Delete log rows older than ``THREECENTERS_SMS_LOG_DAYS`` (run by the sending task)."""
    before = timezone.now() - timedelta(days=settings.SMS_LOG_DAYS)
    deleted, _per_model = SmsMessage.objects.filter(created_at__lt=before).delete()
    return deleted


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
