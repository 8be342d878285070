"""Background tasks of the event engine."""

from __future__ import annotations

from threecenters.core.tasks import durable_task


@durable_task
def events_send_reminders() -> int:
    """Send the 24-hour reminders; safe to run from several workers at once."""
    from threecenters.events.services import reminders_send

    return reminders_send()
