"""The access matrix, one module per app.

Each module defines ``RULES``: {url name: Rule}. ``test_url_access`` walks every URL pattern of
the project and fails on a pattern no module lists, so no new URL escapes the matrix.

A Rule says how to build the URL (``kwargs`` — a callable taking the ``world`` and ``personas``
fixtures, returning the reverse() kwargs) and what each caller gets for a GET: ``anon`` for the
signed-out visitor, then persona names, then ``default`` for every persona not named. Outcomes:
an HTTP status (200, 403, 404, 405 …) or ``LOGIN`` (a redirect to the sign-in page).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"


@dataclass
class Rule:
    default: int | str
    anon: int | str | None = None
    roles: dict[str, int | str] = field(default_factory=dict)
    kwargs: Callable[[dict, dict], dict] | None = None
    skip_reason: str = ""

    def expected(self, persona: str | None) -> int | str:
        if persona is None:
            return self.anon if self.anon is not None else self.default
        return self.roles.get(persona, self.default)


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, rule in getattr(module, "RULES", {}).items():
            assert name not in rules, f"{name} is listed twice in the access matrix"
            rules[name] = rule
    return rules
