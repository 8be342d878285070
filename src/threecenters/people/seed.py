"""Demo data of the people app: the tag list, the privacy notice, the demo resident's profile."""

from __future__ import annotations

from threecenters.core.models import Area, RoleAssignment, User
from threecenters.people.models import ResidentProfile, ResidentTag
from threecenters.people.services import current_notice

TAGS = ["党员", "退役军人", "老年人", "青年", "残疾人", "低保", "志愿者", "独居老人"]


def _profiles_for_demo_residents() -> int:
    """Every demo account with the resident role in a community (the apps seeded before this one
    make them: the events' participants) gets its resident record there, so the 居民档案 list and
    every count of a community's residents show the same people."""
    missing = (
        RoleAssignment.objects.filter(
            role=RoleAssignment.Role.RESIDENT,
            area__level=Area.Level.COMMUNITY,
            user__resident_profile__isnull=True,
        )
        .order_by("user_id", "id")
        .values_list("user_id", "area_id")
    )
    made: dict[int, int] = {}
    for user_id, area_id in missing:
        made.setdefault(user_id, area_id)
    tags = list(ResidentTag.objects.order_by("sort", "id"))
    created = 0
    for user_id, area_id in made.items():
        profile = ResidentProfile.objects.create(
            user_id=user_id, community_id=area_id, address=f"{user_id % 12 + 1} 组"
        )
        if tags and user_id % 3 == 0:
            profile.tags.add(tags[user_id % len(tags)])
        created += 1
    return created


def seed_demo() -> dict[str, int]:
    for sort, name in enumerate(TAGS):
        ResidentTag.objects.get_or_create(name=name, defaults={"sort": sort})
    current_notice()
    profiles = 0
    resident = User.objects.filter(username="demo-resident").first()
    dajing = Area.objects.filter(slug="dajing", level=Area.Level.COMMUNITY).first()
    if resident is not None and dajing is not None:
        profile, created = ResidentProfile.objects.get_or_create(
            user=resident, defaults={"community": dajing, "address": "大井社区 3 组"}
        )
        if created:
            profile.tags.add(*ResidentTag.objects.filter(name__in=["党员", "老年人"]))
            profiles += 1
    profiles += _profiles_for_demo_residents()
    return {"tags": len(TAGS), "profiles_created": profiles}
