"""Who may see and track a project: its owner kind decides (``projects.registry``). Views, API
and admin ask ``user.has_perm("projects.view" | "projects.track", project)``."""

from __future__ import annotations

import rules

from threecenters.projects import registry
from threecenters.projects.models import Project, Status


def _kind(project: Project) -> registry.OwnerKind | None:
    try:
        return registry.get(project.kind)
    except LookupError:
        return None


@rules.predicate
def can_view(user, project: Project) -> bool:
    kind = _kind(project)
    return kind is not None and bool(kind.may_view(user, project))


@rules.predicate
def can_track(user, project: Project) -> bool:
    """Add and complete milestones, post updates, file the closing report: only while the
    project is active, and only the people its owner kind names."""
    if project.status != Status.ACTIVE:
        return False
    kind = _kind(project)
    return kind is not None and bool(kind.may_track(user, project))


rules.add_perm("projects.view", can_view)
rules.add_perm("projects.track", can_track)
