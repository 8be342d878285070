"""PostgreSQL: Django's own backend keeps connections and checks a kept one at each request's
first query (``CONN_HEALTH_CHECKS``), so a connection the server closed (a restart, a terminated
backend) is replaced before that query and the person's request still succeeds."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import close_old_connections, connection, connections
from django.db.backends.postgresql import base as django_base

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the PostgreSQL backend's own health check"
    ),
]


def _terminate_server_side() -> None:
    """End this connection's backend from another connection, as a database restart would, and
    wait until the goodbye has reached its socket."""
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.1)[0]:
        assert time.monotonic() < deadline, "the terminated backend's socket never closed"


@pytest.fixture
def full_checks(monkeypatch):
    """Counts Django's own SELECT 1 checks."""
    calls = []
    real = django_base.DatabaseWrapper.is_usable

    def counted(self):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(django_base.DatabaseWrapper, "is_usable", counted)
    return calls


def test_the_database_is_djangos_backend_with_kept_checked_connections():
    settings = connection.settings_dict
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert type(connections["default"]) is django_base.DatabaseWrapper
    assert settings["CONN_HEALTH_CHECKS"] and settings["CONN_MAX_AGE"] == 60


def test_an_idle_healthy_connection_is_usable(full_checks):
    connection.ensure_connection()
    assert connection.is_usable()
    assert full_checks == [1]


def test_a_connection_the_server_closed_is_found_and_replaced(full_checks):
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid
    _terminate_server_side()
    assert connection.is_usable() is False
    assert full_checks == [1]
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


def test_a_request_after_a_database_restart_succeeds(client):
    assert client.get("/readyz").status_code == 200
    connection.ensure_connection()
    _terminate_server_side()
    # what every request's start does under a real server (the test client skips it)
    close_old_connections()
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["database"] == "ok"
