"""Demo data of the people app: the tag list, the privacy notice, the demo resident's profile."""

from __future__ import annotations

from threecenters.core.models import Area, User
from threecenters.people.models import ResidentProfile, ResidentTag
from threecenters.people.services import current_notice

TAGS = ["党员", "退役军人", "老年人", "青年", "残疾人", "低保", "志愿者", "独居老人"]


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
    return {"tags": len(TAGS), "profiles_created": profiles}
