"""Role assignments are read once per request, in one query joined with the places they
point at; a grant, a revocation or a change of those places takes effect on the next request."""

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


def test_roles_are_read_once_per_request_in_one_query(world):
    worker = make_user("worker", Role.COMMUNITY_WORKER, area=world["communities"]["dajing"])
    first, read = role_queries(worker)
    assert len(read) == 1 and [a.role for a in first] == [Role.COMMUNITY_WORKER]
    user = fresh(worker)
    with CaptureQueriesContext(connection) as queries:
        roles.assignments(user)
        roles.staff_subdistrict_ids(user)  # the area and its parent come with the assignment
        roles.is_staff_member(user)
    assert len(queries) == 1
    again, read = role_queries(worker)  # the next request reads them again
    assert len(read) == 1 and [a.area.name for a in again] == [a.area.name for a in first]


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


def test_roles_written_in_bulk_take_effect_at_once(world):
    community = world["communities"]["dajing"]
    person = make_user("bulk")
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=person, role=Role.COMMUNITY_WORKER, area=community)]
    )
    assert roles.worked_community_ids(fresh(person)) == {community.pk}
    RoleAssignment.objects.filter(user=person).update(role=Role.RESIDENT)
    assert roles.worked_community_ids(fresh(person)) == set()
