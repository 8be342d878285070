"""The access matrix, one module per app.

Each module defines ``RULES``: {url name: Rule}. ``test_url_access`` walks every URL pattern of
the project and fails on a pattern no module lists, so no new URL escapes the matrix.

A Rule says how to build the URL (``kwargs`` — a callable taking the ``world`` and ``personas``
fixtures, returning the reverse() kwargs) and what each caller gets for a GET: ``anon`` for the
signed-out visitor, then persona names, then ``default`` for every persona not named. Outcomes:
an HTTP status (200, 403, 404, 405 …) or ``LOGIN`` (a redirect to the sign-in page).

Writes are declared the same way, one ``Write`` per method the URL accepts: ``post``, ``patch``
and ``delete``. A method left out is one the URL does not accept: every caller gets 405 (pages
accept GET and POST only; API routes their declared methods). The write test sends each method
as every caller, with the Write's ``data`` (a callable like ``kwargs`` returning the form fields,
or the JSON body under ``/api/``; empty when not given), and checks the outcome and that the
database is unchanged afterwards, except for the personas named in ``changes``, whose write must
change it (the body is a real one, so a refusal of everyone else means something), or
everyone signed in with ``changes=SIGNED_IN`` (their own records: a sign-up, a profile).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

LOGIN = "login"
SIGNED_IN = "every signed-in persona"  # Write(changes=SIGNED_IN): everyone's own record changes
Outcome = int | str


@dataclass
class Write:
    default: Outcome
    anon: Outcome | None = None
    roles: dict[str, Outcome] = field(default_factory=dict)
    data: Callable[[dict, dict], dict] | None = None
    changes: Iterable[str] = ()

    def expected(self, persona: str | None) -> Outcome:
        if persona is None:
            return self.anon if self.anon is not None else self.default
        return self.roles.get(persona, self.default)

    def writes(self, persona: str | None) -> bool:
        if persona is None:
            return False
        return self.changes == SIGNED_IN or persona in set(self.changes)


NOT_ACCEPTED = Write(405)
METHODS = ("post", "patch", "delete")


@dataclass
class Rule:
    default: Outcome
    anon: Outcome | None = None
    roles: dict[str, Outcome] = field(default_factory=dict)
    kwargs: Callable[[dict, dict], dict] | None = None
    skip_reason: str = ""
    post: Write | None = None
    patch: Write | None = None
    delete: Write | None = None

    def expected(self, persona: str | None) -> Outcome:
        if persona is None:
            return self.anon if self.anon is not None else self.default
        return self.roles.get(persona, self.default)

    def write(self, method: str) -> Write:
        return getattr(self, method) or NOT_ACCEPTED

    def accepts(self, method: str) -> bool:
        return getattr(self, method) is not None


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, rule in getattr(module, "RULES", {}).items():
            assert name not in rules, f"{name} is listed twice in the access matrix"
            rules[name] = rule
    return rules
