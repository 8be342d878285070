"""The kinds of owner a project serves. An app whose records are carried out as projects
(approved proposals today; startups and funded grants later) registers an ``OwnerKind`` in its
``AppConfig.ready()``::

    from threecenters.projects.registry import OwnerKind, register

    register(OwnerKind(
        key="proposal", label=_("社区项目提案"),
        may_view=lambda user, project: ..., may_track=lambda user, project: ...,
        url=lambda project: reverse("proposals:detail", args=[project.proposal.pk]),
        recipients=lambda project: [...],
    ))

The kernel stores only the key on ``Project.kind``; the owning record points at its project
(a one-to-one field on the owner's model), so the kernel never imports the app: the registry is
the one place that knows what owns a project, who may see it and who may record its progress.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from threecenters.projects.models import Project


def _nobody(user, project) -> bool:
    return False


@dataclass(frozen=True)
class OwnerKind:
    key: str
    label: Any  # a lazy translation
    # who sees the project (its milestones, updates, photos and closing report)
    may_view: Callable[[Any, Project], bool] = _nobody
    # who adds milestones, completes them, posts updates and files the closing report; asked
    # only while the project is active
    may_track: Callable[[Any, Project], bool] = _nobody
    # the owner's page, for reminders
    url: Callable[[Project], str] = lambda project: ""
    # who is reminded of milestones that are due soon or overdue
    recipients: Callable[[Project], list] = lambda project: []
    # the notification kind of those reminders (``<key>.milestone`` unless given)
    reminder_kind: str = ""

    @property
    def notification_kind(self) -> str:
        return self.reminder_kind or f"{self.key}.milestone"


_KINDS: dict[str, OwnerKind] = {}

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def register(kind: OwnerKind) -> OwnerKind:
    """Register (or re-register, e.g. on a repeated ``ready()``) one kind of owner."""
    if not KEY.match(kind.key):
        raise ValueError(f"bad project owner kind key {kind.key!r}")
    _KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def get(key: str) -> OwnerKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"no project owner kind {key!r} is registered") from None


def registered() -> list[OwnerKind]:
    return list(_KINDS.values())
