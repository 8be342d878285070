"""A page cache for the public portal's anonymous visitors.

Public pages are the same for every signed-out visitor of one language and view (standard or
长辈版), so they are rendered once and kept in the shared cache. A version number in the cache
is bumped whenever a record shown on them changes (post_save / post_delete, after commit), which
retires every cached page at once; a TTL bounds staleness for anything else.

Signed-in work lists (the proposal board, an expert's queue) cache their rendered body the same
way under named data versions (``data_version`` / ``data_changed``): the services that write the
records shown bump the version at once and again after commit, so neither the writer's next page
nor a page rendered by another request during the transaction can show the old state for long.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "tc:portal:version"


def portal_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def portal_changed() -> None:
    """Retire every cached public page once the current transaction commits."""
    transaction.on_commit(_bump)


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and settings.PORTAL_CACHE_SECONDS > 0
    )


def _data_key(name: str) -> str:
    return VERSION_KEY if name == "portal" else f"tc:ver:{name}"


def data_version(*names: str) -> str:
    """The current versions of the named data sets, as one string for a cache key."""
    keys = [_data_key(n) for n in names]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, 1, timeout=None)
        found.update(cache.get_many(missing))
    return ".".join(str(found.get(k, 1)) for k in keys)


def _bump_data(name: str) -> None:
    key = _data_key(name)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def data_changed(name: str) -> None:
    """Retire everything cached under ``name``: now (so this request's own next page is fresh)
    and again once the transaction commits (so nothing rendered from the old rows in between
    survives)."""
    _bump_data(name)
    transaction.on_commit(lambda: _bump_data(name))


def cached_fragment(versions: tuple[str, ...], key: tuple, build) -> str:
    """Rendered HTML kept per data version, language and ``key`` (which must hold everything
    the HTML depends on: viewer scope, filters, cursor)."""
    if settings.PORTAL_CACHE_SECONDS <= 0:
        return build()
    raw = repr((data_version(*versions), get_language(), key)).encode()
    cache_key = "tc:frag:" + hashlib.sha256(raw).hexdigest()[:40]
    html = cache.get(cache_key)
    if html is None:
        html = build()
        cache.set(cache_key, html, settings.PORTAL_CACHE_SECONDS)
    return html


def public_page(view):
    """Serve a public view from the cache to signed-out visitors."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        elder = "1" if request.COOKIES.get("tc_elder") == "1" else "0"
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"tc:page:{portal_version()}:{get_language()}:{elder}:{digest}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(
                key, (response.content, response["Content-Type"]), settings.PORTAL_CACHE_SECONDS
            )
        return response

    return wrapper


def portal_data(name: str, build):
    """A value shown publicly (e.g. an API list), rebuilt only after a public record changes."""
    key = f"tc:data:{portal_version()}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PORTAL_CACHE_SECONDS or 1)
    return value
