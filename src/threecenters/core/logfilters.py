"""Logging filters the project's ``LOGGING`` setting installs."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class ForbiddenOnOneLine(logging.Filter):
    """A refused request (403, ``PermissionDenied``) is an expected event, not a fault: Django's
    ``django.request`` logger writes it as a warning with the whole traceback. This filter turns
    it into one line, ``Forbidden: user=<id> path=<path> reason=<reason>``, without the
    traceback. Every other record passes unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if getattr(record, "status_code", None) != 403 or not isinstance(exc, PermissionDenied):
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        record.msg = "Forbidden: user=%s path=%s reason=%s"
        record.args = (
            getattr(user, "pk", None) or "-",
            getattr(request, "path", "-"),
            str(exc) or "permission denied",
        )
        record.exc_info = None
        record.exc_text = None
        return True
