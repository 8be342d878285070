"""The demo: the report's events on their real dates, live upcoming ones, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from threecenters.core.seed import seed_everything
from threecenters.events.models import Event, Photo, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_holds_history_and_upcoming_events_and_seeds_once():
    seed_everything()
    counts = (Event.objects.count(), Registration.objects.count(), Photo.objects.count())
    seed_everything()
    assert (Event.objects.count(), Registration.objects.count(), Photo.objects.count()) == counts

    tea = Event.objects.get(title="茗茶飘香·百味人生")
    assert timezone.localtime(tea.starts_at).date().isoformat() == "2019-11-19"
    assert tea.community.slug == "dajing" and tea.status == Event.Status.FINISHED
    fair = Event.objects.get(kind="job_fair", community__slug="jiaolong")
    assert (fair.starts_at.year, fair.starts_at.month) == (2020, 8)
    assert Photo.objects.filter(event=tea, status=Photo.Status.APPROVED).exists()

    upcoming = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=timezone.now())
    assert any(e.capacity and e.seats_left <= 3 for e in upcoming)  # nearly full
    assert Registration.objects.filter(
        event__in=upcoming, status=Registration.Status.WAITLISTED
    ).exists()
    assert upcoming.filter(approval_required=True).exists()
    assert upcoming.filter(series__isnull=False).count() >= 4
    for event in Event.objects.all():  # the counter matches the counted registrations
        counted = sum(r.seats for r in event.registrations.all() if r.counted)
        assert event.taken == counted, event.title
