"""One-row statements for the hot paths, each built once per model.

Building a query is most of what a one-row statement costs in Django. ``by_pk`` reads a row by
primary key (the signed-in user on every request, the event of a sign-up): 0.45 ms of CPU for
the user row through ``.get()``, under 0.1 ms here. ``insert`` writes a new row:
``Model.objects.create`` builds and compiles an INSERT on every call, about 0.3 ms of CPU for a
notification; a sign-up rush writes three rows per sign-up (registration, notification, audit
entry) while it holds SQLite's single writer slot or the event's row lock, so that compile time
is paid by every waiting writer too. ``insert`` writes the same row with the same values
(each field's ``pre_save`` and ``get_db_prep_save``, as ``save()`` does) and sends the same
``pre_save`` / ``post_save`` signals, for about a third of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)

_STATEMENTS: dict[tuple[type[models.Model], str], tuple[str, list[models.Field]]] = {}


def _statement(model: type[models.Model], alias: str) -> tuple[str, list[models.Field]]:
    cached = _STATEMENTS.get((model, alias))
    if cached is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # names from the model's own metadata, quoted; every value is a parameter
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        if meta.auto_field is not None and connection.features.can_return_columns_from_insert:
            sql += f" RETURNING {quote(meta.auto_field.column)}"
        cached = _STATEMENTS[(model, alias)] = (sql, fields)
    return cached


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
    gives, with the same database converters applied. Related rows are read when first used."""
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


def insert(obj: M) -> M:
    """INSERT ``obj`` (a new, unsaved instance of a model without parents) and set its key."""
    model = type(obj)
    meta = model._meta
    if meta.parents or not obj._state.adding or meta.auto_field is None:
        raise ValueError(f"rows.insert writes new rows of plain models, not {model.__name__}")
    if model.save is not models.Model.save and not getattr(model, "save_guards_only", False):
        # a save() that adds behaviour would be skipped: such a model is written by save()
        raise ValueError(f"{model.__name__}.save() does more than write the row")
    alias = router.db_for_write(model, instance=obj)
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    sql, fields = _statement(model, alias)
    connection = connections[alias]
    values = []
    for field in fields:
        value = field.pre_save(obj, add=True)
        if hasattr(value, "resolve_expression"):
            raise ValueError(f"{field.name}: an expression is written by save(), not rows.insert")
        values.append(field.get_db_prep_save(value, connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if connection.features.can_return_columns_from_insert:
            key = cursor.fetchone()[0]
        else:
            key = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    # the key as .save() leaves it (a database converter, if the field has one, applies)
    for converter in meta.auto_field.get_db_converters(connection):
        key = converter(key, meta.auto_field, connection)
    setattr(obj, meta.auto_field.attname, key)
    obj._state.adding = False
    obj._state.db = alias
    post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
    )
    return obj
