"""A page cache for the public portal's anonymous visitors.

Public pages are the same for every signed-out visitor of one language and view (standard or
长辈版), so they are rendered once and kept in the shared cache. A version number in the cache
is bumped whenever a record shown on them changes (post_save / post_delete, after commit), which
retires every cached page at once; a TTL bounds staleness for anything else.

Signed-in work lists (the proposal board, an expert's queue) cache their rendered body the same
way under named data versions (``data_version`` / ``data_changed``): the services that write the
records shown bump the version at once and again after commit, so neither the writer's next page
nor a page rendered by another request during the transaction can show the old state for long.
Their whole page, header and navigation included, is kept per viewer (``SignedInPage``); the
one per-request value in it, the CSRF token, is put in when the page is served.

Every key holds the code version (a digest of the templates, translations and static manifest),
so pages cached by the previous release are not served after a deploy.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

T = TypeVar("T")
VERSION_KEY = "tc:portal:version"


def portal_version() -> int:
    return int(data_version("portal"))


def portal_changed() -> None:
    """Retire every cached public page once the current transaction commits."""
    transaction.on_commit(lambda: _bump_data("portal"))


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
    forget_prefetched()
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


# The versions this process saw last, per set of names: only a guess that lets one cache round
# trip fetch the versions and the fragment together; the versions read in that same round trip
# decide whether the fragment is current.
_seen_versions: dict[tuple[str, ...], str] = {}


_code_version: list[str] = []


def code_version() -> str:
    """A digest of what a rendered page is made from besides the data: the templates, the
    compiled translations and the static files' manifest (hashed file names). Read once per
    process; a deploy restarts the processes."""
    if not _code_version:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        files = sorted([*package.glob("*/templates/**/*"), *package.glob("*/locale/*/*/*.mo")])
        manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
        for path in [*files, manifest]:
            if path.is_file():
                digest.update(str(path.relative_to(path.anchor)).encode())
                digest.update(path.read_bytes())
        _code_version.append(digest.hexdigest()[:16])
    return _code_version[0]


def _fragment_key(version: str, key: tuple) -> str:
    raw = repr((code_version(), version, get_language(), key)).encode()
    return "tc:frag:" + hashlib.sha256(raw).hexdigest()[:40]


# What prefetch() read for the cached_by_version calls the current request is about to make:
# per thread, and for that request only (cleared when a request starts or ends, and by any
# data change).
_prefetched = threading.local()


def forget_prefetched(**_signal) -> None:
    _prefetched.found = None


request_started.connect(forget_prefetched, dispatch_uid="tc-pagecache-prefetch-start")
request_finished.connect(forget_prefetched, dispatch_uid="tc-pagecache-prefetch-end")


def prefetch(*calls: tuple[tuple[str, ...], tuple]) -> None:
    """Read in one cache round trip what the coming ``cached_by_version(versions, key, …)``
    calls of this request will look up: their data versions and the values kept under the
    versions this process saw last. Each call still checks that the versions it is given are
    the current ones; a call the prefetch did not cover reads the cache itself."""
    if settings.PORTAL_CACHE_SECONDS <= 0:
        return
    keys: dict[str, None] = {}
    for versions, key in calls:
        keys.update((_data_key(name), None) for name in versions)
        guess = _seen_versions.get(versions)
        if guess is not None:
            keys[_fragment_key(guess, key)] = None
    _prefetched.found = cache.get_many(list(keys))


def cached_by_version(versions: tuple[str, ...], key: tuple, build: Callable[[], T]) -> T:
    """A value (rendered HTML, or records such as a person's role assignments) kept per data
    version, language and ``key``, which must hold everything the value depends on (viewer,
    scope, filters, cursor). ``build`` makes it when the cache has none for the current
    versions."""
    if settings.PORTAL_CACHE_SECONDS <= 0:
        return build()
    version_keys = [_data_key(n) for n in versions]
    guess = _seen_versions.get(versions)
    guess_key = _fragment_key(guess, key) if guess is not None else None
    found = getattr(_prefetched, "found", None)
    if found is None or not all(k in found for k in version_keys):
        found = cache.get_many(version_keys + ([guess_key] if guess_key else []))
    if all(k in found for k in version_keys):
        current = ".".join(str(found[k]) for k in version_keys)
    else:
        current = data_version(*versions)
    _seen_versions[versions] = current
    if guess_key is not None and current == guess and guess_key in found:
        return found[guess_key]
    cache_key = _fragment_key(current, key)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, settings.PORTAL_CACHE_SECONDS)
    return value


class SignedInPage:
    """A signed-in person's page, kept whole per viewer under the data ``versions`` it shows
    (and ``roles``, which decides the navigation), the template, the address, the language and
    the 长辈版 choice. Made first thing in the view: the viewer's role assignments (read by the
    permission check) and the kept page then come in one cache round trip. The page is
    rendered with a random stand-in for the CSRF token, replaced by this request's (masked)
    token when served, so no token is shared; a page with flash messages is rendered fresh."""

    def __init__(self, request: HttpRequest, template_name: str, *, versions: tuple[str, ...]):
        from threecenters.core import roles

        self.request = request
        self.template_name = template_name
        user = request.user
        elder = request.COOKIES.get("tc_elder") == "1"
        self.versions = (*versions, "roles")
        self.key = (
            "page",
            template_name,
            user.pk,
            request.get_full_path(),
            elder,
        )
        if request.method == "GET" and user.is_authenticated:
            prefetch(roles.cache_call(user), (self.versions, self.key))

    def response(self, context: Callable[[], dict]) -> HttpResponse:
        """``context`` builds the template context when the page must be rendered."""
        request = self.request
        if (
            settings.PORTAL_CACHE_SECONDS <= 0
            or request.method != "GET"
            or len(get_messages(request))
        ):
            return HttpResponse(render_to_string(self.template_name, context(), request))

        def build() -> tuple[str, str]:
            stand_in = secrets.token_hex(16)
            extra = {"csrf_token": stand_in}
            return stand_in, render_to_string(self.template_name, context() | extra, request)

        stand_in, html = cached_by_version(self.versions, self.key, build)
        return HttpResponse(html.replace(stand_in, get_token(request)))


def public_page(view):
    """Serve a public view from the cache to signed-out visitors."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        elder = "1" if request.COOKIES.get("tc_elder") == "1" else "0"
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"tc:page:{code_version()}:{portal_version()}:{get_language()}:{elder}:{digest}"
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
    key = f"tc:data:{code_version()}:{portal_version()}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PORTAL_CACHE_SECONDS or 1)
    return value
