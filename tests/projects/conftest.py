"""A test owner kind for the projects kernel: the workers of the project's community track it,
they and the subdistrict's admins see it. Registered for each test and removed after."""

from __future__ import annotations

import pytest

from threecenters.core import roles
from threecenters.projects import registry
from threecenters.projects import services as projects

KEY = "kernel_test"


def _works_there(user, project) -> bool:
    return project.community_id in roles.worked_community_ids(user)


@pytest.fixture
def owner_kind(personas):
    kind = registry.register(
        registry.OwnerKind(
            key=KEY,
            label="test owner",
            may_view=lambda user, project: (
                _works_there(user, project)
                or project.subdistrict_id in roles.admin_subdistrict_ids(user)
            ),
            may_track=_works_there,
            url=lambda project: f"/owner/{project.pk}/",
            recipients=lambda project: [personas["worker_jiaolong"]],
        )
    )
    yield kind
    registry.unregister(KEY)


@pytest.fixture
def project(owner_kind, world, personas):
    return projects.project_create(
        actor=personas["worker_jiaolong"],
        kind=KEY,
        title="社区花园",
        subdistrict=world["subdistrict"],
        community=world["communities"]["jiaolong"],
    )
