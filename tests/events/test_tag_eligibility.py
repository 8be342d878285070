"""Events open to residents with listed tags (the people app's resident tags)."""

from __future__ import annotations

import pytest

from tests.events.helpers import published_event
from threecenters.events import services
from threecenters.events.models import Event
from threecenters.events.services import EventError
from threecenters.people.models import ResidentProfile, ResidentTag

pytestmark = pytest.mark.django_db


def test_only_residents_with_a_listed_tag_may_sign_up(world, personas):
    veteran, _ = ResidentTag.objects.get_or_create(name="退役军人")
    elder, _ = ResidentTag.objects.get_or_create(name="老年人")
    profile, _ = ResidentProfile.objects.get_or_create(
        user=personas["resident"], defaults={"community": world["communities"]["dajing"]}
    )
    profile.tags.add(veteran)
    event = published_event(world, personas, eligibility=Event.Eligibility.TAGS)
    event.eligible_tags.set([veteran, elder])
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    assert reg.status == "registered"
    with pytest.raises(EventError) as err:
        services.registration_create(event=event, person=personas["volunteer"])
    assert err.value.status == 403 and err.value.code == "not_eligible"
