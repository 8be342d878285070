"""One filter definition per list, shared by its page and its API endpoint (django-filter).

A list's ``FilterSet`` lives in its app's ``filters.py`` and is built from the request's query
string by both doors: ``EventFilterSet(request.GET, queryset=...)``. What differs is what a
value that does not validate does. A page shows the list without that filter (a hand-edited or
outdated link still answers); the API refuses it with 422 and the field's message
(``refusals()``), as it refuses any other invalid parameter.

``PARAMS`` names a query parameter that is not a Python name (``from``) after its filter.
"""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms

TRUE = {"1", "true", "on", "yes"}


class FlagField(forms.Field):
    """A checkbox in a query string: 1, true, on or yes is set; anything else is not."""

    def to_python(self, value) -> bool | None:
        # None when unset: django-filter then skips the filter, its ``method`` included (a
        # filter with a method is called for any value but an empty one, False too)
        return True if str(value or "").strip().lower() in TRUE else None


class IdFilter(django_filters.Filter):
    """A database id: an integer from 1 to 2^63-1."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class Flag(django_filters.Filter):
    """Filters only when set; ``method`` says what being set means."""

    field_class = FlagField

    def filter(self, qs, value):
        return super().filter(qs, value) if value else qs


class FilterSet(django_filters.FilterSet):
    PARAMS: ClassVar[dict[str, str]] = {}
    """query parameter → filter name, for parameters that cannot be attribute names"""

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None:
            names = {name: name for name in self.base_filters}
            names.update(self.PARAMS)
            data = {
                name: data.get(param)
                for param, name in names.items()
                if data.get(param) is not None
            }
        super().__init__(data, queryset, **kwargs)

    @property
    def chosen(self) -> dict:
        """The values that were given and are valid, by filter name (what a page shows as
        chosen)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", False)
        }

    def refusals(self) -> dict[str, list[str]]:
        """Field errors keyed by query parameter ({} when every value is valid)."""
        if not self.is_bound or self.is_valid():
            return {}
        params = {name: param for param, name in self.PARAMS.items()}
        return {
            params.get(name, name): [str(message) for message in messages]
            for name, messages in self.form.errors.items()
        }
