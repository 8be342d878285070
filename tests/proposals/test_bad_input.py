"""Bad input through the API: a clear localized message, the right status, nothing changed."""

import pytest

from tests.proposals.fixtures import scores
from threecenters.core.models import AuditEntry
from threecenters.proposals.models import Proposal
from threecenters.reviews.models import Assignment, Decision, Score, State

pytestmark = pytest.mark.django_db

BASE = {
    "title": "新建提案",
    "type": "activity_space",
    "budget_yuan": "1000.00",
    "latitude": "30.62",
    "longitude": "103.94",
    "area_m2": "50",
}


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def create(client_for, world, **overrides):
    body = {**BASE, "community_id": world["communities"]["jiaolong"].pk, **overrides}
    return post(client_for("worker_jiaolong"), "/api/v1/proposals", body)


def test_a_valid_draft_is_created(client_for, world):
    response = create(client_for, world)
    assert response.status_code == 201, response.content
    assert Proposal.objects.get().budget_fen == 100000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"budget_yuan": "12.345"}, "budget_yuan", "两位小数"),
        ({"budget_yuan": "-5"}, "budget_yuan", "负数"),
        ({"budget_yuan": "abc"}, "budget_yuan", "有效的金额"),
        ({"area_m2": "-3"}, "area_m2", "负数"),
        ({"latitude": "51.5", "longitude": "-0.12"}, "longitude", "中国境内"),
        ({"latitude": "-33.9", "longitude": "151.2"}, "latitude", "中国境内"),
        ({"latitude": "30.6", "longitude": None}, "longitude", "同时填写"),
    ],
)
def test_it_refuses_bad_proposal_fields(client_for, world, overrides, field, message):
    response = create(client_for, world, **overrides)
    assert response.status_code == 422
    body = response.json()
    assert message in " ".join(body["fields"][field])
    assert not Proposal.objects.exists()


def test_the_message_is_in_english_for_an_english_caller(client_for, world):
    client = client_for("worker_jiaolong")
    body = {**BASE, "community_id": world["communities"]["jiaolong"].pk, "budget_yuan": "1.001"}
    response = client.post(
        "/api/v1/proposals", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "two decimal" in response.json()["fields"]["budget_yuan"][0]


def test_a_worker_cannot_propose_for_another_community(client_for, world):
    response = create(client_for, world, community_id=world["communities"]["dajing"].pk)
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_a_decision_without_reasons_is_refused(client_for, scored):
    response = post(
        client_for("governance_staff"),
        f"/api/v1/proposals/{scored.pk}/decision",
        {"outcome": "rejected", "reason_codes": [], "explanation": "不行"},
    )
    assert response.status_code == 422
    assert "理由" in response.json()["fields"]["reason_codes"][0]
    scored.application.refresh_from_db()
    assert scored.application.state == State.UNDER_REVIEW
    assert not Decision.objects.exists()


def test_a_decision_without_explanation_is_refused(client_for, scored):
    response = post(
        client_for("governance_staff"),
        f"/api/v1/proposals/{scored.pk}/decision",
        {"outcome": "rejected", "reason_codes": ["area"], "explanation": "  "},
    )
    assert response.status_code == 422
    assert "explanation" in response.json()["fields"]
    assert not Decision.objects.exists()


def test_a_second_decision_is_refused(client_for, scored):
    client = client_for("governance_staff")
    url = f"/api/v1/proposals/{scored.pk}/decision"
    first = post(
        client, url, {"outcome": "rejected", "reason_codes": ["area"], "explanation": "面积不够"}
    )
    assert first.status_code == 201
    second = post(client, url, {"outcome": "approved", "reason_codes": [], "explanation": "改主意"})
    assert second.status_code == 409
    assert "已经作出决定" in second.json()["message"]
    assert Decision.objects.get().outcome == "rejected"


def test_scores_out_of_range_are_refused(client_for, under_review):
    sheet = [{"criterion": k, "value": v} for k, (v, _c) in scores().items()]
    sheet[1]["value"] = 7
    response = post(
        client_for("expert"), f"/api/v1/proposals/{under_review.pk}/scores", {"scores": sheet}
    )
    assert response.status_code == 422
    assert "1 到 5" in response.json()["fields"]["space"][0]
    assert not Score.objects.exists()


def test_scoring_before_assignment_is_refused(client_for, submitted):
    sheet = [{"criterion": k, "value": v} for k, (v, _c) in scores().items()]
    # the expert cannot even see a proposal nobody assigned them to
    expert = post(
        client_for("expert"), f"/api/v1/proposals/{submitted.pk}/scores", {"scores": sheet}
    )
    assert expert.status_code == 404
    # staff can see it but were not assigned to review it
    staff = post(
        client_for("governance_staff"),
        f"/api/v1/proposals/{submitted.pk}/scores",
        {"scores": sheet},
    )
    assert staff.status_code == 403
    assert "没有被指派" in staff.json()["message"]
    assert not Score.objects.exists()


def test_a_conflicted_expert_needs_an_override_reason(client_for, submitted, personas, world):
    from threecenters.proposals.models import Expert

    profile = Expert.objects.create(user=personas["expert"], field="规划")
    profile.communities.add(world["communities"]["jiaolong"])
    client = client_for("governance_staff")
    url = f"/api/v1/proposals/{submitted.pk}/assignments"
    refused = post(client, url, {"expert_id": personas["expert"].pk})
    assert refused.status_code == 422
    assert "override_reason" in refused.json()["fields"]
    assert not Assignment.objects.exists()
    allowed = post(
        client, url, {"expert_id": personas["expert"].pk, "override_reason": "唯一的结构专家"}
    )
    assert allowed.status_code == 201
    assert allowed.json()["conflict"] is True
    assert Assignment.objects.get().override_reason == "唯一的结构专家"


def test_editing_a_decided_proposal_is_refused(client_for, scored, personas):
    from tests.proposals.fixtures import decide

    decide(scored, personas)
    response = client_for("worker_jiaolong").post(
        f"/proposals/{scored.pk}/edit/", {"title": "改名", "type": "other"}
    )
    assert response.status_code == 403
    assert Proposal.objects.get(pk=scored.pk).title == scored.title


def test_a_refused_action_writes_no_success_audit(client_for, scored):
    before = AuditEntry.objects.filter(action="review.decided").count()
    post(
        client_for("governance_staff"),
        f"/api/v1/proposals/{scored.pk}/decision",
        {"outcome": "rejected", "reason_codes": ["bogus"], "explanation": "x"},
    )
    assert AuditEntry.objects.filter(action="review.decided").count() == before


def test_a_refused_submission_through_the_api_leaves_no_draft(client_for, world):
    response = create(client_for, world, submit=True)
    assert response.status_code == 422
    assert "description" in response.json()["fields"]
    assert not Proposal.objects.exists()


def test_an_area_with_more_than_two_decimals_is_refused(client_for, world):
    response = create(client_for, world, area_m2="50.125")
    assert response.status_code == 422
    assert "area_m2" in response.json()["fields"]
    assert not Proposal.objects.exists()
