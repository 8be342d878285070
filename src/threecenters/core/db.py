"""One way in for a database writer: ``writer()``.

On PostgreSQL it is ``transaction.atomic()``: writers wait on the row locks they take. SQLite
lets one writer in at a time and makes the others poll with growing sleeps; under a rush that
polling, not the work, dominates. There, writers therefore first queue on the writer slot:
threads of one process on a lock, processes on an exclusive ``flock`` of a file beside the
database (``<db>.writers``; the kernel wakes the next waiter when it is released), and then
open the transaction. The rules themselves stay in the database; the slot only orders the
writers. Inside an open transaction ``writer()`` is a plain (nested) ``atomic()``: the slot is
held, or not needed, by whoever opened it.

``core.kit.service`` runs every service in it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # not POSIX: threads still queue on the in-process lock
    fcntl = None

from django.db import connection, transaction

_sqlite_writers = threading.Lock()
_sqlite_lock_files: dict[str, int] = {}


def _lock_file(database: str) -> int:
    fd = _sqlite_lock_files.get(database)
    if fd is None:
        fd = os.open(f"{database}.writers", os.O_RDWR | os.O_CREAT, 0o600)
        _sqlite_lock_files[database] = fd
    return fd


@contextmanager
def writer_slot() -> Iterator[None]:
    """SQLite's writer queue alone (no transaction); nothing elsewhere or inside a
    transaction."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _sqlite_writers:
        database = str(connection.settings_dict["NAME"])
        if fcntl is None or database == ":memory:" or database.startswith("file:"):
            yield
            return
        fd = _lock_file(database)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def writer() -> Iterator[None]:
    """A write transaction: the writer slot (SQLite) and ``atomic()``."""
    with writer_slot(), transaction.atomic():
        yield
