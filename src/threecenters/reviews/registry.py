"""The kinds of subject the review workflow serves.

An app that reuses the workflow (proposals today; office-space applications, team incubation,
startup admission and nominations later) registers a ``SubjectKind`` in its ``AppConfig.ready``:
its key, label, reason codes for decisions, the default scoring rubric, and how to link back to
the subject's page. The kernel stores only the key, so the registry is the one place that knows
what a subject is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threecenters.reviews.models import Application


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    label: str
    weight: int = 1


@dataclass(frozen=True)
class SubjectKind:
    key: str
    label: str
    # (code, label) pairs offered when deciding; "other" is always accepted
    reason_codes: list[tuple[str, str]] = field(default_factory=list)
    default_rubric: list[CriterionSpec] = field(default_factory=list)
    # the URL of the subject's page, for notifications
    subject_url: Callable[[Application], str] = lambda application: ""
    # who hears about the decision besides the applicant
    decision_recipients: Callable[[Application], list] = lambda application: []


_KINDS: dict[str, SubjectKind] = {}


def register(kind: SubjectKind) -> SubjectKind:
    _KINDS[kind.key] = kind
    return kind


def get(key: str) -> SubjectKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"no review subject kind {key!r} is registered") from None


def registered() -> list[SubjectKind]:
    return list(_KINDS.values())
