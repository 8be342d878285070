"""The case library's one filter definition: the cases page and GET /api/v1/cases."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from threecenters.core.filters import FilterSet


def _year(qs, name, value):
    return qs.filter(
        Q(period_start__year=value) | Q(period_start__isnull=True, published_at__year=value)
    )


class CaseFilterSet(FilterSet):
    community = django_filters.CharFilter(field_name="community__slug", max_length=50)
    tag = django_filters.CharFilter(field_name="tags__name", max_length=20)
    year = django_filters.NumberFilter(method=_year, min_value=1900, max_value=2999, step_size=1)
    method = django_filters.CharFilter(field_name="method_name", max_length=60)
