"""The proposals list's one filter definition: the staff board and GET /api/v1/proposals."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import django_filters
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from threecenters.core.filters import FilterSet, IdFilter
from threecenters.proposals.models import ProposalType
from threecenters.reviews.models import State

PERIOD = RegexValidator(r"^\d{4}(-(0[1-9]|1[0-2]))?$", _("请按 YYYY 或 YYYY-MM 填写。"))


def period_bounds(period: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    if len(period) == 4:
        year = int(period)
        return (
            datetime.combine(date(year, 1, 1), time.min, tz),
            datetime.combine(date(year + 1, 1, 1), time.min, tz),
        )
    year, month = (int(p) for p in period.split("-"))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (
        datetime.combine(date(year, month, 1), time.min, tz),
        datetime.combine(nxt, time.min, tz),
    )


def _period(qs, name, value):
    start, end = period_bounds(value)
    return qs.filter(submitted_at__gte=start, submitted_at__lt=end)


class ProposalFilterSet(FilterSet):
    community = IdFilter(field_name="community_id")
    type = django_filters.ChoiceFilter(choices=ProposalType.choices)
    state = django_filters.ChoiceFilter(field_name="application__state", choices=State.choices)
    period = django_filters.CharFilter(method=_period, max_length=7, validators=[PERIOD])
