"""The kinds of subject the review workflow serves, and the stages each kind goes through.

An app that reuses the workflow (proposals today; employer qualification, job postings, startup
admission, star applications, selections, conventions later) registers a ``SubjectKind`` in its
``AppConfig.ready``: its key, label, its **stages** (data, not code: pretalx's review phases are
the model), reason codes for decisions, the default scoring rubric, how to link back to the
subject's page, what a 公示 shows of it and who handles its objections. The kernel stores only
the key and the current stage's code, so the registry is the one place that knows what a subject
is and which moves it may make.

A stage says what happens in it (``StageKind``), which stages it may move to (``next``), and for
review stages how many scored sheets are needed before it can be left, whether reviewers see each
other's sheets, and what the applicant sees; a publicity (公示) stage says how many working days
it lasts and where an upheld objection sends the application.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Q

    from threecenters.reviews.models import Application


class StageKind:
    INTAKE = "intake"  # submitted, waiting for someone to pick it up
    ELIGIBILITY = "eligibility"  # a formal check before the review
    REVIEW = "review"  # assigned reviewers score it
    PUBLICITY = "publicity"  # 公示: public, open to objections for a number of working days
    DECISION = "decision"  # the outcome of the round is recorded (approved, revise, rejected)
    IMPLEMENTATION = "implementation"  # an approved subject is being carried out
    CLOSED = "closed"  # final
    WITHDRAWN = "withdrawn"  # final, by the applicant

    ALL = frozenset(
        {INTAKE, ELIGIBILITY, REVIEW, PUBLICITY, DECISION, IMPLEMENTATION, CLOSED, WITHDRAWN}
    )


class Visibility:
    """Whether a reviewer sees the other reviewers' score sheets of the same stage."""

    NEVER = "never"
    AFTER_OWN = "after_own"  # once their own sheet is submitted
    ALWAYS = "always"

    ALL = frozenset({NEVER, AFTER_OWN, ALWAYS})


class Shown:
    """What the applicant sees of a stage besides its name."""

    DECISION = "decision"  # the decision, its reasons and explanation
    FINDINGS = "findings"  # the reviewers' written findings (never individual scores)
    SCORES = "scores"  # the aggregate score

    ALL = frozenset({DECISION, FINDINGS, SCORES})


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    label: str
    weight: int = 1


@dataclass(frozen=True)
class Stage:
    code: str
    label: Any  # a lazy translation
    kind: str
    next: tuple[str, ...] = ()  # the only stages this one may move to
    min_reviewers: int | None = None  # REVIEW: scored sheets needed to leave; None → the kind's
    reviewers_see_others: str = Visibility.AFTER_OWN
    applicant_sees: frozenset[str] = frozenset()
    publicity_days: int = 0  # PUBLICITY: its length in working days
    upheld: str = ""  # PUBLICITY: where an upheld objection sends it (``next[0]`` otherwise)

    @property
    def final(self) -> bool:
        return not self.next


@dataclass(frozen=True)
class PublicText:
    """What a 公示 shows of a subject. Names in it must already be masked (DOMAIN.md)."""

    title: str
    summary: str = ""


@dataclass(frozen=True)
class SubjectKind:
    key: str
    label: Any
    stages: tuple[Stage, ...] = ()  # the first is where an application starts
    # scored sheets a review stage needs unless the stage says otherwise (an int, or a callable
    # read when needed, so a setting can be the default)
    min_reviewers: int | Callable[[], int] = 1
    # (code, label) pairs offered when deciding; "other" is always accepted
    reason_codes: list[tuple[str, str]] = field(default_factory=list)
    default_rubric: list[CriterionSpec] = field(default_factory=list)
    # the URL of the subject's page, for notifications
    subject_url: Callable[[Application], str] = lambda application: ""
    # who hears about the decision besides the applicant
    decision_recipients: Callable[[Application], list] = lambda application: []
    # what the public 公示 page shows of the subject (masked)
    public_text: Callable[[Application], PublicText] = lambda application: PublicText(
        title=str(application)
    )
    # the applications of this kind a person manages (handles objections, closes publicity), as
    # a filter on Application; None when they manage none
    managed_by: Callable[[Any], Q | None] = lambda user: None

    def stage(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise LookupError(f"kind {self.key!r} has no stage {code!r}")

    @property
    def first(self) -> Stage:
        return self.stages[0]

    @property
    def transitions(self) -> dict[str, set[str]]:
        """{stage code: the codes it may move to}: the kind's state machine."""
        return {stage.code: set(stage.next) for stage in self.stages}

    def reviewers_needed(self, stage: Stage) -> int:
        if stage.min_reviewers is not None:
            return stage.min_reviewers
        value = self.min_reviewers
        return value() if callable(value) else value


_KINDS: dict[str, SubjectKind] = {}

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TOKEN = re.compile(r"^[0-9a-f]{32}$")  # publicity tokens: a kind key may not look like one


def _check(kind: SubjectKind) -> None:
    if not KEY.match(kind.key) or TOKEN.match(kind.key):
        raise ValueError(f"bad review kind key {kind.key!r}")
    if not kind.stages:
        raise ValueError(f"review kind {kind.key!r} declares no stages")
    codes = [stage.code for stage in kind.stages]
    if len(set(codes)) != len(codes):
        raise ValueError(f"review kind {kind.key!r} declares a stage twice")
    for stage in kind.stages:
        if not KEY.match(stage.code):
            raise ValueError(f"bad stage code {stage.code!r} in {kind.key!r}")
        if stage.kind not in StageKind.ALL:
            raise ValueError(f"stage {stage.code!r} has an unknown kind {stage.kind!r}")
        unknown = {c for c in (*stage.next, stage.upheld) if c and c not in codes}
        if unknown:
            raise ValueError(f"stage {stage.code!r} moves to undeclared stages {sorted(unknown)}")
        if stage.reviewers_see_others not in Visibility.ALL:
            raise ValueError(f"stage {stage.code!r}: bad reviewers_see_others")
        if not set(stage.applicant_sees) <= Shown.ALL:
            raise ValueError(f"stage {stage.code!r}: bad applicant_sees")
        if stage.kind == StageKind.PUBLICITY:
            if stage.publicity_days < 1 or not stage.upheld or not stage.next:
                raise ValueError(
                    f"publicity stage {stage.code!r} needs publicity_days, next and upheld"
                )
            if stage.upheld not in stage.next[1:]:
                raise ValueError(
                    f"publicity stage {stage.code!r}: upheld must be one of next, after the first"
                )


def register(kind: SubjectKind) -> SubjectKind:
    _check(kind)
    _KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def get(key: str) -> SubjectKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"no review subject kind {key!r} is registered") from None


def registered() -> list[SubjectKind]:
    return list(_KINDS.values())


def stage_of(application: Application) -> Stage:
    """The stage the application is in, as its kind declares it."""
    return get(application.kind).stage(application.state)


def stage_label(kind: str, code: str) -> str:
    try:
        return str(get(kind).stage(code).label)
    except LookupError:
        return code
