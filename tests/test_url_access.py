"""Every URL pattern, for the signed-out visitor and every persona, gives its declared outcome."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import LOGIN, all_rules

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
