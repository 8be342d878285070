"""Nobody opens a proposal that is not theirs to see: experts only what they are assigned,
community workers only their own communities'."""

import pytest

from threecenters.proposals import services

pytestmark = pytest.mark.django_db

PAGES = ["/proposals/{}/", "/proposals/{}/visit/", "/proposals/{}/score/", "/api/v1/proposals/{}"]


@pytest.mark.parametrize("page", PAGES)
def test_an_expert_cannot_open_an_unassigned_proposal(client_for, submitted, page):
    assert client_for("expert").get(page.format(submitted.pk)).status_code == 404


def test_an_expert_opens_the_proposal_once_assigned(client_for, submitted, personas):
    services.expert_assign(
        actor=personas["governance_staff"], proposal=submitted, expert_user=personas["expert"]
    )
    assert client_for("expert").get(f"/proposals/{submitted.pk}/").status_code == 200


@pytest.mark.parametrize("page", [*PAGES, "/proposals/{}/edit/", "/proposals/{}/decide/"])
def test_a_worker_cannot_open_another_communitys_proposal(client_for, submitted, page):
    assert client_for("worker_dajing").get(page.format(submitted.pk)).status_code == 404


def test_a_draft_is_invisible_to_the_governance_center(client_for, draft):
    assert client_for("governance_staff").get(f"/proposals/{draft.pk}/").status_code == 404


def test_the_list_api_returns_only_what_the_caller_may_see(client_for, submitted, world, personas):
    services.proposal_save(
        actor=personas["worker_dajing"],
        community=world["communities"]["dajing"],
        title="大井草稿",
        type="other",
    )
    mine = client_for("worker_dajing").get("/api/v1/proposals").json()["items"]
    assert [p["title"] for p in mine] == ["大井草稿"]
    assert client_for("expert").get("/api/v1/proposals").json()["items"] == []
    staff = client_for("governance_staff").get("/api/v1/proposals").json()["items"]
    assert [p["id"] for p in staff] == [submitted.pk]
    assert client_for("outsider").get("/api/v1/proposals").json()["items"] == []


def test_other_subdistricts_governance_staff_cannot_decide(client_for, scored, world):
    from tests.conftest import Role, make_user

    make_user("other_gov", Role.CENTER_STAFF, center=world["other_center"])
    from django.test import Client

    client = Client()
    client.force_login(
        __import__("threecenters.core.models", fromlist=["User"]).User.objects.get(
            username="other_gov"
        )
    )
    response = client.post(
        f"/api/v1/proposals/{scored.pk}/decision",
        {"outcome": "rejected", "reason_codes": ["area"], "explanation": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
