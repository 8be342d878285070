"""Reminders before an event starts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from threecenters.events.models import Event, Registration
from threecenters.events.services.common import Status
from threecenters.notify.services import notification_send

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
