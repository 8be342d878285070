"""The 24-hour reminder is sent once, even when two workers run it at the same time."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.notify.models import Notification


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_reminder_once(world, personas):
    soon = timezone.now() + timedelta(hours=20)
    event = published_event(world, personas, starts_at=soon, ends_at=soon + timedelta(hours=2))
    later = published_event(world, personas, title="下周活动")
    for person in (personas["resident"], personas["volunteer"]):
        services.registration_create(event=event, person=person)
        services.registration_create(event=later, person=person)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=30)
            services.reminders_send()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    reminders = Notification.objects.filter(kind="events.reminder")
    assert reminders.count() == 2
    assert all(event.title in n.title for n in reminders)
    services.reminders_send()
    assert Notification.objects.filter(kind="events.reminder").count() == 2
