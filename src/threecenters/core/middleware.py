"""Request hygiene. Control characters nobody types on purpose (NUL, BEL, ESC, bidi overrides)
are removed from form values before any view sees them, so they are never stored or echoed; and
pages accept only the methods a browser form or link uses."""

from __future__ import annotations

import re

from django.http import HttpResponseNotAllowed, QueryDict

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
