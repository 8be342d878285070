"""What the platform holds about a person, for their own data download (``/me/data.json``).

Each app registers the part it keeps in its ``AppConfig.ready()``: ``register_part(Part(key,
collect))``, where ``collect(user)`` returns JSON-ready data about that person only (personal
numbers of anyone masked, as in every export). ``people.services.data_export`` puts the parts
beside the account and profile it keeps itself; core names no app. An app that adds records
about people adds its part here, and the download has them without a change to people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Part:
    key: str
    collect: Callable[[Any], Any]  # (user) → JSON-ready data
    order: int = 100


_parts: dict[str, Part] = {}


def register_part(part: Part) -> None:
    existing = _parts.get(part.key)
    if existing is not None and existing != part:
        raise ValueError(f"personal data part {part.key!r} is already registered")
    _parts[part.key] = part


def registered_parts() -> list[Part]:
    return sorted(_parts.values(), key=lambda part: (part.order, part.key))


def collect(user) -> dict[str, Any]:
    return {part.key: part.collect(user) for part in registered_parts()}


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None
