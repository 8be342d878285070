"""The event kinds: registered by the app that owns each kind, as search types and review kinds
are. The kernel names none of them; ``Event.kind`` is a code checked against this registry.

- ``register(EventKind(...))`` in ``AppConfig.ready()``: a code (≤ 20 characters, the value
  stored on the event), a lazy label, and what the kind brings:
  ``detail_model`` (a model with a one-to-one ``event`` field holding the kind's own record;
  ``event_detail(event)`` returns it), ``panels`` (core.shell ``Panel`` templates rendered on the
  public event page) and ``staff_panels`` (on the organiser's page), the check-in window
  (``checkin_opens_before`` the start to ``checkin_closes_after`` the end), the number of
  check-in/check-out pairs a participant may have in one day (``pairs_per_day``), and whether
  organisations book booths (``organisation_participants``).
- ``get(code)``, ``choices()``, ``label(code)``; ``of(event)`` gives the kind of an event, or the
  defaults for a code no app registers any more (old data keeps working).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import models
from django.utils.encoding import force_str

from threecenters.core.shell import Panel, applicable

CODE_LENGTH = 20  # Event.kind's max_length


@dataclass(frozen=True)
class EventKind:
    code: str
    label: Any  # a lazy translation
    detail_model: type[models.Model] | None = None
    panels: tuple[Panel, ...] = ()
    staff_panels: tuple[Panel, ...] = ()
    checkin_opens_before: timedelta = timedelta(hours=2)
    checkin_closes_after: timedelta = timedelta(hours=2)
    pairs_per_day: int = 3  # DOMAIN.md: at most 3 sign-in/out pairs per person per day
    organisation_participants: bool = False
    order: int = 100

    def __post_init__(self) -> None:
        # lists are accepted for convenience; the kind stays hashable and unchangeable
        object.__setattr__(self, "panels", tuple(self.panels))
        object.__setattr__(self, "staff_panels", tuple(self.staff_panels))


_kinds: dict[str, EventKind] = {}


def _check_detail_model(kind: EventKind) -> None:
    from threecenters.events.models import Event

    model = kind.detail_model
    if model is None:
        return
    try:
        field = model._meta.get_field("event")
    except Exception:  # FieldDoesNotExist
        field = None
    if field is None or not field.one_to_one or field.related_model is not Event:
        raise ValueError(
            f"event kind {kind.code!r}: detail model {model.__name__} needs a OneToOneField "
            "named 'event' to events.Event"
        )


def register(kind: EventKind) -> None:
    if not kind.code or len(kind.code) > CODE_LENGTH or not kind.code.isascii():
        raise ValueError(f"event kind code {kind.code!r} must be 1-{CODE_LENGTH} ASCII characters")
    if kind.checkin_opens_before < timedelta(0) or kind.checkin_closes_after < timedelta(0):
        raise ValueError(f"event kind {kind.code!r}: the check-in window cannot be negative")
    if kind.pairs_per_day < 1:
        raise ValueError(f"event kind {kind.code!r}: pairs_per_day must be at least 1")
    _check_detail_model(kind)
    existing = _kinds.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"event kind {kind.code!r} is already registered")
    _kinds[kind.code] = kind


def registered() -> list[EventKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def get(code: str) -> EventKind:
    """The registered kind; LookupError for a code no app registers."""
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"unknown event kind {code!r}") from None


def exists(code: str | None) -> bool:
    return code in _kinds


def of(event) -> EventKind:
    """The kind of ``event``: registered, or the defaults for a code no app registers any more."""
    return _kinds.get(event.kind) or EventKind(event.kind, event.kind)


def choices() -> list[tuple[str, Any]]:
    """(code, lazy label) of every registered kind, in order: the choices of ``Event.kind``."""
    return [(k.code, k.label) for k in registered()]


def label(code: str) -> str:
    kind = _kinds.get(code)
    return force_str(kind.label) if kind is not None else code


def event_detail(event) -> models.Model | None:
    """The kind's own record for ``event`` (its detail model's row), or None."""
    model = of(event).detail_model
    if model is None or event.pk is None:
        return None
    return model._default_manager.filter(event_id=event.pk).first()


def panels(event, *, staff: bool = False) -> list[Panel]:
    """The panels of the event's kind for the public page (or the organiser's page)."""
    kind = of(event)
    return applicable(kind.staff_panels if staff else kind.panels, event)
