"""A page cache for the public portal's signed-out visitors.

Public pages are the same for every signed-out visitor of one language and view (standard or
长辈版), so they are rendered once and kept in the shared cache (``public_page``, and
``portal_data`` for public API lists). One version number in the cache is part of every key;
moving it retires every cached page at once, and a TTL bounds staleness for anything else.

One function moves it: ``portal_changed()``, once the current transaction commits. Apps name
the records their public pages show with ``shown_publicly(model)`` (optionally only some
columns), and two things call ``portal_changed()`` for them, so no writer has to remember to:

- every service (``core.kit.service``) watches the statements it runs: an INSERT, UPDATE or
  DELETE of such a table, ``QuerySet.update()``, ``bulk_create`` and many-to-many rows
  included, retires the pages;
- ``post_save`` / ``post_delete`` do the same for writes made outside a service (the admin,
  the shell).

Signed-in pages are not cached: they are rendered per request.

Every key holds the code version (a digest of the Python code, templates, translations and
static manifest), so pages cached by the previous release are not served after a deploy.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "tc:portal:version"

# table -> the columns whose change public pages show (None: any change of a row)
_shown_tables: dict[str, frozenset[str] | None] = {}
_shown_models: dict[type[models.Model], frozenset[str] | None] = {}

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)[`"]?', re.IGNORECASE)


def shown_publicly(model: type[models.Model], *, columns: tuple[str, ...] | None = None) -> None:
    """Declare that public pages show rows of ``model`` (or only its ``columns``, by field
    name): any write of them retires the cached public pages."""
    watched = None
    if columns is not None:
        watched = frozenset(model._meta.get_field(name).column for name in columns)
    _shown_models[model] = watched
    _shown_tables[model._meta.db_table] = watched
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            _shown_tables[through._meta.db_table] = None
    for signal in (post_save, post_delete):
        signal.connect(_on_record_change, sender=model, dispatch_uid=f"tc-portal-{model}")


def _on_record_change(sender, update_fields=None, **kwargs) -> None:
    if _watching.get():
        return  # a service: its statements are watched (watch_writes)
    watched = _shown_models.get(sender)
    if watched is not None and update_fields is not None:
        fields = [sender._meta.get_field(name).column for name in update_fields]
        if not watched.intersection(fields):
            return
    portal_changed()


def touches_public(sql: str) -> bool:
    """Whether the statement writes a row (or, for an UPDATE, a column) public pages show."""
    found = _WRITE.match(sql)
    if found is None:
        return False
    table = found.group(2)
    if table not in _shown_tables:
        return False
    watched = _shown_tables[table]
    if watched is None or not found.group(1).upper().startswith("UPDATE"):
        return True
    # Django writes "UPDATE t SET "a" = …, "b" = … WHERE …" on both databases
    return any(re.search(rf'(?:SET|,)\s+[`"]{col}[`"]\s*=', sql) for col in watched)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if touches_public(sql):
        portal_changed()
    return result


_watching: contextvars.ContextVar[bool] = contextvars.ContextVar("tc_portal_watch", default=False)


@contextmanager
def watch_writes() -> Iterator[None]:
    """Every statement run inside that writes a record public pages show calls
    ``portal_changed`` (``core.kit.service`` runs each service in it)."""
    if _watching.get():
        yield
        return
    token = _watching.set(True)
    try:
        with connection.execute_wrapper(_watch):
            yield
    finally:
        _watching.reset(token)


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
    """Retire every cached public page once the current transaction commits (at once outside
    one)."""
    transaction.on_commit(_bump)


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and settings.PORTAL_CACHE_SECONDS > 0
    )


_code_version: list[str] = []


def code_version() -> str:
    """A digest of what a rendered page is made from besides the data: the package's Python
    code, the templates, the compiled translations and the static files' manifest (hashed file
    names). Read once per process; a deploy restarts the processes."""
    if not _code_version:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        files = sorted(
            [
                *package.glob("**/*.py"),
                *package.glob("*/templates/**/*"),
                *package.glob("*/locale/*/*/*.mo"),
                *package.glob("locale/*/*/*.mo"),
            ]
        )
        manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
        for path in [*files, manifest]:
            if path.is_file():
                digest.update(str(path.relative_to(path.anchor)).encode())
                digest.update(path.read_bytes())
        _code_version.append(digest.hexdigest()[:16])
    return _code_version[0]


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
