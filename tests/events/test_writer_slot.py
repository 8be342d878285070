"""On SQLite, sign-ups from several server processes queue on a file lock, not on SQLite's
sleep-and-retry busy handler."""

import subprocess
import sys

import pytest
from django.db import connection

from threecenters.core import db

pytestmark = pytest.mark.django_db(transaction=True)

PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("held")
else:
    print("free")
"""


def _probe(path: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", PROBE, path], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_another_process_finds_the_writer_slot_held_while_a_sign_up_writes():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writers wait on row locks; the slot is for SQLite only")
    path = f"{connection.settings_dict['NAME']}.writers"
    with db.writer_slot():
        assert _probe(path) == "held"
    assert _probe(path) == "free"
