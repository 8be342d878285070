"""An applicant can withdraw while the review runs; pages speak English when asked."""

import pytest

from threecenters.reviews.models import State

pytestmark = pytest.mark.django_db


def test_the_applicant_withdraws_a_proposal_under_review(client_for, under_review):
    response = client_for("worker_jiaolong").post(
        f"/proposals/{under_review.pk}/withdraw/", follow=True
    )
    assert "提案已撤回" in response.content.decode()
    under_review.application.refresh_from_db()
    assert under_review.application.state == State.WITHDRAWN
    assert under_review.application.transitions.last().actor.username == "worker_jiaolong"


def test_another_community_cannot_withdraw_it(client_for, under_review):
    response = client_for("worker_dajing").post(f"/proposals/{under_review.pk}/withdraw/")
    assert response.status_code == 404
    under_review.application.refresh_from_db()
    assert under_review.application.state == State.UNDER_REVIEW


def test_the_proposal_page_in_english(client_for, scored):
    client = client_for("governance_staff")
    client.cookies["tc_lang"] = "en"
    html = client.get(f"/proposals/{scored.pk}/").content.decode()
    assert "Feasibility pre-check" in html and "Score summary" in html
    assert "Area per participant" in html
