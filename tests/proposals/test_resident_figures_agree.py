"""One count of residents: the 居民档案 list's total and the proposal pre-check's figure for a
community come from one selector, and the demo seed gives every counted resident a record."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from threecenters.core.models import Area, RoleAssignment, User
from threecenters.core.roles import Role
from threecenters.people import selectors as people
from threecenters.people.models import ResidentProfile
from threecenters.proposals import selectors

pytestmark = pytest.mark.django_db


def _resident(name: str, community: Area, *, profile: bool = True) -> User:
    user = User.objects.create_user(username=name, display_name=name)
    RoleAssignment.objects.create(user=user, role=Role.RESIDENT, area=community)
    if profile:
        ResidentProfile.objects.create(user=user, community=community)
    return user


def test_the_list_and_the_pre_check_show_the_same_number(submitted, client_for, world):
    community = submitted.community
    for i in range(3):
        _resident(f"r{i}", community)
    _resident("account-only", community, profile=False)  # an account without a record
    other = world["communities"]["other"]
    _resident("elsewhere", other)
    expected = ResidentProfile.objects.filter(community=community).count()
    assert people.resident_count(community) == expected
    with translation.override("zh-hans"):
        figure = selectors.precheck_residents(submitted).figure
    assert re.search(rf"登记居民 {expected} 人", figure), figure
    page = client_for("admin").get(f"/staff/residents/?community={community.slug}")
    assert f"共 {expected} 位居民" in page.content.decode()


def test_the_demo_seed_gives_every_counted_resident_a_record():
    from threecenters.core.seed import seed_everything

    seed_everything()
    residents = RoleAssignment.objects.filter(
        role=Role.RESIDENT, area__level=Area.Level.COMMUNITY
    ).values("user_id")
    assert residents.exists()
    assert not User.objects.filter(pk__in=residents, resident_profile__isnull=True).exists()
    for community in Area.objects.filter(
        level=Area.Level.COMMUNITY, resident_profiles__isnull=False
    ).distinct():
        accounts = residents.filter(area=community).values("user_id").distinct().count()
        assert people.resident_count(community) >= accounts
