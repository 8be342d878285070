"""Assigning an expert who is already on the proposal says so (409 ``already_assigned``,
"该专家已分配") on the page and in the API, and changes nothing: no second assignment, no
audit entry, no notification."""

import json

import pytest

from threecenters.core.models import AuditEntry
from threecenters.notify.models import Notification
from threecenters.proposals import services
from threecenters.reviews.models import Assignment
from threecenters.reviews.services import ReviewError

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Assignment.objects.count(),
        AuditEntry.objects.filter(action="review.assigned").count(),
        Notification.objects.filter(kind="review.assigned").count(),
    )


@pytest.fixture
def assigned(submitted, personas):
    services.expert_assign(
        actor=personas["governance_staff"], proposal=submitted, expert_user=personas["expert"]
    )
    return submitted


def test_the_service_refuses_a_second_assignment(assigned, personas):
    before = _counts()
    with pytest.raises(ReviewError) as refused:
        services.expert_assign(
            actor=personas["governance_staff"], proposal=assigned, expert_user=personas["expert"]
        )
    assert (refused.value.status, refused.value.code) == (409, "already_assigned")
    assert refused.value.message == "该专家已分配。"
    assert _counts() == before


def test_the_page_says_the_expert_is_already_assigned(assigned, personas, client_for):
    before = _counts()
    response = client_for("governance_staff").post(
        f"/proposals/{assigned.pk}/assign/", {"expert": personas["expert"].pk}, follow=True
    )
    html = response.content.decode()
    assert "该专家已分配" in html
    assert "已指派专家" not in html
    assert _counts() == before


def test_the_api_answers_409_already_assigned(assigned, personas, client_for):
    before = _counts()
    response = client_for("governance_staff").post(
        f"/api/v1/proposals/{assigned.pk}/assignments",
        json.dumps({"expert_id": personas["expert"].pk}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_assigned"
    assert response.json()["message"] == "该专家已分配。"
    assert _counts() == before


def test_the_refusal_is_in_english_too(assigned, personas, client_for):
    response = client_for("governance_staff").post(
        f"/api/v1/proposals/{assigned.pk}/assignments",
        json.dumps({"expert_id": personas["expert"].pk}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert response.json()["message"] == "This expert is already assigned."
