"""Every URL pattern, for the signed-out visitor and every persona, gives its declared outcome:
for a GET, and for every write method (POST, PATCH, DELETE) with the database unchanged after
each write the caller may not make."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import LOGIN, METHODS, all_rules

IGNORED_NAMESPACES = {"admin"}  # Django's admin is checked separately below


def walk(resolvers, prefix: str = "") -> list[str]:
    names = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in IGNORED_NAMESPACES:
                continue
            names += walk(entry.url_patterns, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                raise AssertionError(f"unnamed URL pattern {entry.pattern} cannot be checked")
            names.append(prefix + entry.name)
    return names


def test_every_url_is_in_the_matrix():
    rules = all_rules()
    names = set(walk(get_resolver().url_patterns))
    missing = sorted(names - set(rules))
    assert not missing, f"URLs missing from the access matrix (tests/access/): {missing}"
    stale = sorted(set(rules) - names)
    assert not stale, f"access matrix lists URLs that no longer exist: {stale}"


def _outcome(response) -> int | str:
    if (
        response.status_code == 302
        and settings.LOGIN_URL
        and "/accounts/signin/" in response["Location"]
    ):
        return LOGIN
    return response.status_code


@pytest.mark.django_db
def test_access_matrix(world, personas):
    rules = all_rules()
    failures = []
    callers: list[str | None] = [None, *personas]
    for name, rule in sorted(rules.items()):
        kwargs = rule.kwargs(world, personas) if rule.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        for persona in callers:
            client = Client()
            if persona is not None:
                client.force_login(personas[persona])
            got = _outcome(client.get(url))
            want = rule.expected(persona)
            if got != want:
                failures.append(f"{name} {url} as {persona or 'anonymous'}: got {got}, want {want}")
    assert not failures, "\n".join(failures)


# What a refused write may still leave behind: the audit entry of the refusal, the session the
# test client signs in with, and cached pages (the cache table).
UNTRACKED_TABLES = {"core_auditentry", "django_session", settings.CACHES["default"]["LOCATION"]}
WRITE_SQL = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


class WrittenTables:
    """An execute wrapper that notes every table an INSERT, UPDATE or DELETE touches."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        found = WRITE_SQL.match(sql)
        if found:
            self.tables.add(found.group(1))
        return execute(sql, params, many, context)


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def table_digest(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _send(method: str, url: str, persona, personas, body: dict, digests: dict):
    """One request in a savepoint that is rolled back afterwards, so every caller meets the
    same data; returns the outcome and the tables whose content it changed."""
    with transaction.atomic():
        client = Client()
        if persona is not None:
            client.force_login(personas[persona])
        written = WrittenTables()
        with connection.execute_wrapper(written):
            if url.startswith("/api/"):
                response = getattr(client, method)(
                    url, data=json.dumps(body), content_type="application/json"
                )
            elif method == "post":
                response = client.post(url, body)
            else:
                response = getattr(client, method)(url)
        changed = sorted(
            t
            for t in written.tables - UNTRACKED_TABLES
            if t in digests and table_digest(t) != digests[t]
        )
        transaction.set_rollback(True)
    cache.clear()
    return _outcome(response), changed


@pytest.mark.django_db
def test_write_matrix(world, personas):
    """Each write method of each URL, as every caller: the declared outcome, and no change in
    the database unless the persona is one whose write is declared to change it. Methods a URL
    does not accept are refused before the caller is looked at, so two callers show it."""
    from threecenters.people.services import current_notice

    current_notice()  # made on first use (by a sign-up page), not by a caller's write
    rules = all_rules()
    failures = []
    callers: list[str | None] = [None, *personas]
    tables = [t for t in connection.introspection.table_names() if t not in UNTRACKED_TABLES]
    for name, rule in sorted(rules.items()):
        url = reverse(name, kwargs=rule.kwargs(world, personas) if rule.kwargs else {})
        digests = {t: table_digest(t) for t in tables}
        for method in METHODS:
            write = rule.write(method)
            body = write.data(world, personas) if write.data else {}
            who = callers if rule.accepts(method) or method == "post" else [None, "admin"]
            for persona in who:
                got, changed = _send(method, url, persona, personas, body, digests)
                label = f"{method.upper()} {name} {url} as {persona or 'anonymous'}"
                want = write.expected(persona)
                if got != want:
                    failures.append(f"{label}: got {got}, want {want}")
                if write.writes(persona) and not changed:
                    failures.append(f"{label}: changed nothing, but its write should")
                elif changed and not write.writes(persona):
                    failures.append(f"{label}: changed {', '.join(changed)}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_admin_is_for_system_administrators_only(world, personas):
    """The admin follows the ``core.use_admin`` predicate, not Django's staff flag: the system
    administrator gets in, everyone else signed in is refused, the signed-out visitor is sent
    to sign in."""
    admitted = []
    for persona in [None, *personas]:
        client = Client()
        if persona is not None:
            client.force_login(personas[persona])
        response = client.get("/admin/")
        user = personas.get(persona) if persona else None
        if user is None:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        elif user.has_perm("core.use_admin"):
            assert response.status_code == 200, persona
            admitted.append(persona)
        else:
            assert response.status_code == 403, persona
    assert admitted == ["sysadmin"]
