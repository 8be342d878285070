"""Role assignments are read through the shared cache; a grant, a revocation or a change of
the places they point at takes effect on the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from threecenters.core import roles
from threecenters.core.models import Area, RoleAssignment, User

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def fresh(user):
    """The user as the next request loads it (nothing kept on the object)."""
    return User.objects.get(pk=user.pk)


def role_queries(user):
    with CaptureQueriesContext(connection) as queries:
        found = roles.assignments(fresh(user))
    return found, [q for q in queries if "core_roleassignment" in q["sql"]]


def test_a_second_request_reads_roles_from_the_cache(world):
    worker = make_user("worker", Role.COMMUNITY_WORKER, area=world["communities"]["dajing"])
    first, read = role_queries(worker)
    assert read and [a.role for a in first] == [Role.COMMUNITY_WORKER]
    again, read = role_queries(worker)
    assert not read and [a.area.name for a in again] == [a.area.name for a in first]


def test_grants_and_revocations_take_effect_at_once(world):
    community = world["communities"]["dajing"]
    person = make_user("person")
    assert roles.worked_community_ids(fresh(person)) == set()
    grant = RoleAssignment.objects.create(user=person, role=Role.COMMUNITY_WORKER, area=community)
    assert roles.worked_community_ids(fresh(person)) == {community.pk}
    grant.delete()
    assert roles.worked_community_ids(fresh(person)) == set()
    RoleAssignment.objects.create(user=person, role=Role.COMMUNITY_WORKER, area=community)
    RoleAssignment.objects.filter(user=person).delete()  # a queryset delete signals too
    assert not roles.is_staff_member(fresh(person))


def test_moving_a_community_moves_the_staff_scope(world):
    community = world["communities"]["dajing"]
    worker = make_user("mover", Role.COMMUNITY_WORKER, area=community)
    before = roles.staff_subdistrict_ids(fresh(worker))
    district = community.parent.parent
    other = Area.objects.create(
        name="另一街道", slug="other-sub", level=Area.Level.SUBDISTRICT, parent=district
    )
    community.parent = other
    community.save()
    after = roles.staff_subdistrict_ids(fresh(worker))
    assert before != after and after == {other.pk}
