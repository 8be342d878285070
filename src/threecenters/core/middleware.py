"""Request hygiene and private caching.

Control characters nobody types on purpose (NUL, BEL, ESC, bidi overrides) are removed from form
values before any view sees them, so they are never stored or echoed; pages accept only the
methods a browser form or link uses.

Private caching: a response to a request that carries a session or an API token, and a response
that sets a cookie, is ``Cache-Control: private, no-store``, so no shared cache, proxy or browser
history keeps a personal page (``/me/``, exports, private files)."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.utils.cache import patch_cache_control

_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def scrub(value: str) -> str:
    return _UNWANTED.sub("", value)


def _scrubbed(query: QueryDict) -> QueryDict | None:
    if not any(_UNWANTED.search(v) or _UNWANTED.search(k) for k, vs in query.lists() for v in vs):
        return None
    clean = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        clean.setlist(scrub(key), [scrub(v) for v in values])
    clean._mutable = False
    return clean


class InputHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clean_get = _scrubbed(request.GET)
        if clean_get is not None:
            request.GET = clean_get
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            clean_post = _scrubbed(request.POST)
            if clean_post is not None:
                request.POST = clean_post
        return self.get_response(request)


def carries_credentials(request: HttpRequest) -> bool:
    """The request carries a session (signed in, or part way through signing in) or an API
    token, so what it gets back may be personal. Decided from the request alone: a health probe
    or a public page loads no session for it."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or bool(
        request.META.get("HTTP_AUTHORIZATION")
    )


def mark_private(response: HttpResponse) -> None:
    """``private, no-store`` unless the view chose already: a ``no-store`` of its own (kept,
    made ``private``) or a ``private`` lifetime (a public file shown to a signed-in viewer,
    which only that browser may keep)."""
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }
    if "no-store" in directives:
        if "private" not in directives:
            patch_cache_control(response, private=True)
    elif "private" not in directives:
        response["Cache-Control"] = "private, no-store"
        if "Expires" in response:
            del response["Expires"]


class PrivateCacheMiddleware:
    """Sits outside the session middleware, so it sees the cookies the response sets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies or carries_credentials(request):
            mark_private(response)
        return response


PAGE_METHODS = ["GET", "HEAD", "POST"]


class PageMethodsMiddleware:
    """Pages are links and HTML forms: GET, HEAD and POST. Any other method (PUT, PATCH,
    DELETE, OPTIONS …) is refused with 405 before a session or user is loaded, so no page view
    treats it as a GET; the API under ``/api/`` declares its methods route by route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in PAGE_METHODS and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(PAGE_METHODS)
        return self.get_response(request)
