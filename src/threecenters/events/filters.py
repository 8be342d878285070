"""The events list's one filter definition: the events page and GET /api/v1/events."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.filters import FilterSet, Flag, IdFilter
from threecenters.events import kinds
from threecenters.events.models import Event

OPEN_EVENT_LONGEST = timedelta(days=31)


class KindFilter(django_filters.ChoiceFilter):
    """The kinds registered when the request comes (events.kinds), not at import."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=kinds.choices, **kwargs)


def _day_start(qs, name, value):
    tz = timezone.get_current_timezone()
    return qs.filter(starts_at__gte=datetime.combine(value, time.min, tzinfo=tz))


def _day_end(qs, name, value):
    tz = timezone.get_current_timezone()
    return qs.filter(starts_at__lte=datetime.combine(value, time.max, tzinfo=tz))


def _free_seats(qs, name, value):
    return qs.filter(Q(capacity=0) | Q(taken__lt=F("capacity")))


def _open_signup(qs, name, value):
    now = timezone.now()
    # An event open for sign-up has not ended; bounding its start as well lets the
    # (starts_at, id) index skip the past (series are split into sessions, so no event
    # runs longer than this).
    return qs.filter(
        status=Event.Status.PUBLISHED,
        ends_at__gt=now,
        starts_at__gte=now - OPEN_EVENT_LONGEST,
    ).filter(
        Q(signup_opens_at__isnull=True) | Q(signup_opens_at__lte=now),
        Q(signup_closes_at__isnull=True) | Q(signup_closes_at__gte=now),
    )


class EventFilterSet(FilterSet):
    center = IdFilter(field_name="center_id")
    community = django_filters.CharFilter(field_name="community__slug", max_length=50)
    kind = KindFilter(error_messages={"invalid_choice": _("没有这种活动类型。")})
    date_from = django_filters.DateFilter(method=_day_start)
    date_to = django_filters.DateFilter(method=_day_end)
    free_seats = Flag(method=_free_seats)
    open_signup = Flag(method=_open_signup)

    PARAMS = {"from": "date_from", "to": "date_to", "free": "free_seats", "open": "open_signup"}
