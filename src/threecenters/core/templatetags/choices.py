"""``{{ obj|display:"field" }}``: the label of a choice field, like ``obj.get_field_display``.

Django's ``get_FOO_display`` rebuilds a dictionary of every choice on each call, translating
every lazy label to hash it; in a list of 25 rows with three choice columns that is hundreds of
translations per page. This filter keeps one value → label table per field (labels stay lazy, so
the language is still the request's) and translates only the label it returns. It is a template
builtin (settings.TEMPLATES), so templates need no ``{% load %}``.
"""

from __future__ import annotations

from django import template
from django.utils.encoding import force_str

register = template.Library()

_TABLES: dict[tuple[type, str], dict] = {}


def _table(model: type, name: str) -> dict:
    key = (model, name)
    table = _TABLES.get(key)
    if table is None:
        field = model._meta.get_field(name)
        table = _TABLES[key] = dict(field.flatchoices)
    return table


@register.filter
def display(obj, name: str):
    if obj is None or obj == "":
        return ""
    value = getattr(obj, name)
    return force_str(_table(type(obj), name).get(value, value), strings_only=True)
