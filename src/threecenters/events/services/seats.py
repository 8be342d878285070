"""Seats, booths and places: taken and released by conditional UPDATEs the database guards."""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import F

from threecenters.events.models import Event, Registration


class _Full(Exception):
    pass


@functools.cache
def _take_seats_sql() -> str:
    quote, meta = connection.ops.quote_name, Event._meta
    table, key = quote(meta.db_table), quote(meta.pk.column)
    taken, capacity = (quote(meta.get_field(name).column) for name in ("taken", "capacity"))
    # names from the model's metadata, quoted; the numbers are parameters
    return (
        f"UPDATE {table} SET {taken} = {taken} + %s "  # noqa: S608
        f"WHERE {key} = %s AND ({capacity} = 0 OR {taken} + %s <= {capacity})"
    )


def _take_seats(event_id: int, seats: int) -> bool:
    """One conditional UPDATE: take ``seats`` only if they are free. True if taken.

    This is the statement every sign-up of a rush runs while it holds the writer slot (SQLite)
    or the event's row lock (PostgreSQL), so it is written once rather than built by the ORM
    on each call (0.5 ms of CPU)."""
    with connection.cursor() as cursor:
        cursor.execute(_take_seats_sql(), [seats, event_id, seats])
        return cursor.rowcount == 1


def _release_seats(event_id: int, seats: int) -> None:
    Event.objects.filter(pk=event_id, taken__gte=seats).update(taken=F("taken") - seats)


def _take_booth(event_id: int) -> bool:
    """One conditional UPDATE, like the seats: a booth only if one is free. True if taken."""
    return bool(
        Event.objects.filter(pk=event_id, booths_taken__lt=F("booths")).update(
            booths_taken=F("booths_taken") + 1
        )
    )


def _take_place(reg: Registration) -> bool:
    """A booth for an organisation, seats for a person (visitors' seats never pay for booths)."""
    if reg.organisation_id:
        return _take_booth(reg.event_id)
    return _take_seats(reg.event_id, reg.seats)


def _release_place(reg: Registration) -> None:
    if reg.organisation_id:
        Event.objects.filter(pk=reg.event_id, booths_taken__gte=1).update(
            booths_taken=F("booths_taken") - 1
        )
    else:
        _release_seats(reg.event_id, reg.seats)
