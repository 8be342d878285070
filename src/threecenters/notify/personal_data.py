"""The notify app's part of a person's data download (core.personal_data): their inbox and
the SMS log's entries for their number (found by its keyed digest; the text as the log keeps
it, a code masked)."""

from __future__ import annotations

from threecenters.core.personal_data import Part, iso, register_part


def notifications_part(user) -> list[dict]:
    from threecenters.notify.models import Notification

    return [
        {
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "created_at": iso(n.created_at),
            "read_at": iso(n.read_at),
        }
        for n in Notification.objects.filter(user=user).order_by("created_at", "id").iterator()
    ]


def sms_part(user) -> list[dict]:
    from threecenters.notify.models import SmsMessage
    from threecenters.notify.services import mobile_digest

    if not user.mobile:
        return []
    return [
        {
            "created_at": iso(m.created_at),
            "mobile": m.mobile_masked,
            "purpose": m.purpose,
            "status": m.status,
            "text": m.redacted_text,
        }
        for m in SmsMessage.objects.filter(mobile_digest=mobile_digest(user.mobile)).order_by(
            "created_at", "id"
        )
    ]


def register() -> None:
    register_part(Part("notifications", notifications_part, order=500))
    register_part(Part("sms", sms_part, order=510))
