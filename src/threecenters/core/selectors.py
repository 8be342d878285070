"""Reads for the kernel's records: querysets with their joins, keyset pagination."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.dateparse import parse_datetime

from threecenters.core import roles
from threecenters.core.models import Area, Article, Center, Organisation, User

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _KeyRead:
    sql: str
    attnames: list[str]
    # (position, converters, column) for the columns whose database value needs converting
    converters: list[tuple[int, list, object]]


_KEY_READS: dict[tuple[type[models.Model], str], _KeyRead] = {}


def _key_read(model: type[models.Model], alias: str) -> _KeyRead:
    read = _KEY_READS.get((model, alias))
    if read is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        meta = model._meta
        fields = list(meta.concrete_fields)
        columns = [field.get_col(meta.db_table) for field in fields]
        names = ", ".join(quote(f.column) for f in fields)
        table, key = quote(meta.db_table), quote(meta.pk.column)
        # names from the model's own metadata, quoted; the key is a parameter
        sql = f"SELECT {names} FROM {table} WHERE {key} = %s"  # noqa: S608
        converters = []
        for position, column in enumerate(columns):
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((position, found, column))
        read = _KEY_READS[(model, alias)] = _KeyRead(sql, [f.attname for f in fields], converters)
    return read


def by_pk(model: type[M], pk: object) -> M | None:
    """One row by primary key, or None (also for a malformed key): the instance ``.get(pk=...)``
    gives, with the same database converters applied, read with a statement and converter list
    built once per model. Building the query is most of what a primary-key read costs in Django
    (0.45 ms of CPU for the user row, against under 0.1 ms here), and the hot paths read their
    rows this way on every request: the signed-in user, the event being signed up for. Related
    rows are read when first used."""
    try:
        value = model._meta.pk.to_python(pk)
    except ValidationError:
        return None
    if value is None:
        return None
    alias = router.db_for_read(model)
    read = _key_read(model, alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(read.sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, converters, column in read.converters:
        for converter in converters:
            values[position] = converter(values[position], column, connection)
    return model.from_db(alias, read.attnames, values)


def default_subdistrict() -> Area | None:
    return Area.objects.filter(level=Area.Level.SUBDISTRICT).order_by("sort", "id").first()


def community_list(*, subdistrict: Area | None = None) -> QuerySet[Area]:
    qs = Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent")
    if subdistrict is not None:
        qs = qs.filter(parent=subdistrict)
    return qs.order_by("parent__sort", "parent_id", "sort", "id")


CENTER_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Center.Kind.values)),
    default=Value(99),
)


def center_list(*, subdistrict: Area | None = None) -> QuerySet[Center]:
    """The report's order: incubator, civility, governance."""
    qs = Center.objects.select_related("subdistrict")
    if subdistrict is not None:
        qs = qs.filter(subdistrict=subdistrict)
    return qs.order_by("subdistrict_id", CENTER_ORDER, "id")


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED).select_related(
        "center", "community"
    )


def articles_for_staff(user: User) -> QuerySet[Article]:
    q = Q(subdistrict_id__in=roles.admin_subdistrict_ids(user))
    q |= Q(center_id__in=roles.staffed_center_ids(user))
    q |= Q(community_id__in=roles.worked_community_ids(user))
    return Article.objects.filter(q).select_related("center", "community").order_by("-id")


def organisations_for_staff(user: User) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(subdistrict_id__in=roles.staff_subdistrict_ids(user))
        .select_related("community")
        .order_by("name", "id")
    )


@dataclass
class Page:
    items: list
    next_cursor: str | None


def encode_cursor(values: dict) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict | None:
    """A cursor from a URL; anything malformed means 'from the start'."""
    if not cursor or len(cursor) > 200:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def after_key(qs: QuerySet, field: str, value, pk: int, *, descending: bool) -> QuerySet:
    """Rows after the keyset position (value, pk) in (field, id) order.

    Written as ``field >= value AND (field > value OR id > pk)`` (``<=`` / ``<`` descending)
    rather than ``field > value OR (field = value AND id > pk)``: the leading range lets SQLite
    walk the (…, field, id) index from the position; with an OR alone it scanned and sorted
    every matching row (55 ms instead of 5 ms a page over 100,000 events)."""
    op = "lt" if descending else "gt"
    return qs.filter(**{f"{field}__{op}e": value}).filter(
        Q(**{f"{field}__{op}": value}) | Q(**{f"id__{op}": pk})
    )


def article_page(*, qs: QuerySet[Article], cursor: str | None, size: int = 20) -> Page:
    """Newest first by (published_at, id), without COUNT(*)."""
    after = decode_cursor(cursor)
    if after:
        at = parse_datetime(str(after.get("at", ""))) if after.get("at") else None
        pk = after.get("id")
        if isinstance(at, datetime) and isinstance(pk, int):
            qs = after_key(qs, "published_at", at, pk, descending=True)
    rows = list(qs.order_by("-published_at", "-id")[: size + 1])
    next_cursor = None
    if len(rows) > size:
        last = rows[size - 1]
        next_cursor = encode_cursor({"at": last.published_at.isoformat(), "id": last.id})
        rows = rows[:size]
    return Page(items=rows, next_cursor=next_cursor)
