"""The think-tank register: staff keep expert profiles; contacts are masked."""

import pytest

from threecenters.proposals.models import Expert

pytestmark = pytest.mark.django_db


def test_staff_register_an_expert_and_the_contact_is_masked(client_for, personas, world):
    client = client_for("governance_staff")
    response = client.post(
        "/staff/experts/",
        {
            "user": personas["expert"].pk,
            "field": "社区规划",
            "organisation": "西南交通大学",
            "bio": "关注公共空间",
            "contact_mobile": "13812345678",
            "availability": "available",
            "communities": [world["communities"]["jiaolong"].pk],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "专家信息已保存" in html
    assert "138****5678" in html and "13812345678" not in html
    expert = Expert.objects.get(user=personas["expert"])
    assert list(expert.communities.all()) == [world["communities"]["jiaolong"]]


def test_a_bad_mobile_is_refused_with_a_message(client_for, personas):
    response = client_for("governance_staff").post(
        "/staff/experts/",
        {
            "user": personas["expert"].pk,
            "field": "规划",
            "contact_mobile": "12345",
            "availability": "available",
        },
    )
    assert "11 位" in response.content.decode()
    assert not Expert.objects.exists()


def test_the_register_flags_a_conflict_on_the_proposal_page(client_for, submitted, personas, world):
    expert = Expert.objects.create(user=personas["expert"], field="规划")
    expert.communities.add(world["communities"]["jiaolong"])
    html = client_for("governance_staff").get(f"/proposals/{submitted.pk}/").content.decode()
    assert "与申请社区有关联" in html
