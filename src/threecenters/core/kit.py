"""The service kit every app writes its services with.

- ``ServiceError``: the one refusal type — a stable code, a localized message, an HTTP status and
  field errors. The API turns it into ``{"code", "message", "fields"}`` (``threecenters.api``),
  pages into form errors (``form_refusal``).
- ``service``: the decorator that gives a service its one transaction (``core.db.writer``: on
  SQLite behind the writer queue). Refusals recorded with ``refusal_audit`` inside it are written
  after that transaction ends, so they stay in the audit trail although the refused work rolls
  back. Nested services share the outermost transaction and its pending refusals. Every write
  a service makes of a record public pages show retires the cached public pages
  (``core.pagecache.watch_writes``), ``QuerySet.update()`` and bulk writes included.
- ``UNSET``: the default of a keyword an update service may be called without ("leave as is"),
  so its arguments stay typed; ``given(...)`` keeps the ones that were passed.
- ``model_clean``: a model's own validation as a refusal (422 with its field errors).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from threecenters.core.http_errors import STATUS_CODES, status_message

F = TypeVar("F", bound=Callable[..., Any])

# A refusal's default code and message come from the one error shape (core.http_errors).
DEFAULT_CODES = STATUS_CODES


class ServiceError(Exception):
    """A refusal by the rules: ``message`` is already localized for the person asking (left
    out, it is the status's own message)."""

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int = 400,
        fields: dict[str, list[str]] | None = None,
        field: str | None = None,
    ):
        message = str(message) if message is not None else status_message(status)
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code or DEFAULT_CODES.get(status, "error")
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}
        if field and field not in self.fields:
            self.fields[field] = [self.message]

    @property
    def field(self) -> str | None:
        """The first field the refusal names, or None for a refusal of the whole request."""
        return next(iter(self.fields), None)

    def __repr__(self) -> str:
        return f"ServiceError({self.code!r}, status={self.status}, message={self.message!r})"


_pending: contextvars.ContextVar[list[dict] | None] = contextvars.ContextVar(
    "threecenters_pending_refusals", default=None
)


def refusal_audit(**entry: Any) -> None:
    """Record a refused action in the audit trail (``audit_record`` arguments, without
    ``success``). Inside a service it is written once the service's transaction has ended."""
    pending = _pending.get()
    if pending is None:
        _write_refusal(entry)
    else:
        pending.append(entry)


def _write_refusal(entry: dict) -> None:
    from threecenters.core.audit import audit_record

    audit_record(**entry, success=False)


def service(fn: F) -> F:
    """One transaction per service call; refusals recorded inside are audited after it."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _pending.get() is not None:
            with transaction.atomic():
                return fn(*args, **kwargs)
        from threecenters.core.db import writer
        from threecenters.core.pagecache import watch_writes

        pending: list[dict] = []
        token = _pending.set(pending)
        try:
            with writer(), watch_writes():
                return fn(*args, **kwargs)
        finally:
            _pending.reset(token)
            for entry in pending:
                _write_refusal(entry)

    return wrapper  # type: ignore[return-value]


def form_refusal(form, exc: ServiceError) -> None:
    """Show a refusal on a form: each named field that the form has gets its messages, the rest
    (and a refusal of the whole request) goes to the form's non-field errors."""
    if not exc.fields:
        form.add_error(None, exc.message)
        return
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def model_clean(instance, *, exclude: list[str] | None = None) -> None:
    """``full_clean()`` with its ValidationError as a refusal: 422, the model's field errors."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise refusal_from(exc) from None


def refusal_from(exc: ValidationError, *, status: int = 422) -> ServiceError:
    """A Django ValidationError (a validator's, a model's) as the one refusal type."""
    if hasattr(exc, "error_dict"):
        fields = {
            name: [str(m) for e in errors for m in e.messages]
            for name, errors in exc.error_dict.items()
            if name != NON_FIELD_ERRORS
        }
        general = [str(m) for e in exc.error_dict.get(NON_FIELD_ERRORS, []) for m in e.messages]
        message = general[0] if general else next(iter(next(iter(fields.values()), [])), None)
        error = ServiceError(message, status=status, fields=fields)
        if general:
            error.fields.setdefault(NON_FIELD_ERRORS, general)
        return error
    return ServiceError(" ".join(str(m) for m in exc.messages), status=status)


class _Unset:
    """The value of a keyword an update service was not given."""

    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def given(**values: Any) -> dict[str, Any]:
    """The keywords that were passed (not ``UNSET``), in order: what an update changes."""
    return {name: value for name, value in values.items() if value is not UNSET}
