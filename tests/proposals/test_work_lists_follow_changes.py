"""The board and the expert queue are rendered per request: every change shown on them
(submission, assignment, score, decision) is there on the next view."""

import pytest

from tests.proposals.fixtures import FULL
from threecenters.proposals import services

pytestmark = pytest.mark.django_db


def _submitted(personas, world, title):
    p = services.proposal_save(
        actor=personas["worker_dajing"],
        community=world["communities"]["dajing"],
        **(FULL | {"title": title}),
    )
    return services.proposal_submit(actor=personas["worker_dajing"], proposal=p)


def test_the_board_follows_every_change_at_once(personas, world, client_for):
    staff = client_for("governance_staff")
    proposal = _submitted(personas, world, "架空层活动中心")
    first = staff.get("/staff/proposals/").content.decode()
    assert "架空层活动中心" in first
    assert staff.get("/staff/proposals/").content.decode().count("架空层活动中心") == 1

    services.proposal_save(
        actor=personas["worker_dajing"],
        community=world["communities"]["dajing"],
        **(FULL | {"title": "口袋公园"}),
    )  # a draft: not on the board
    _submitted(personas, world, "四点半课堂")
    html = staff.get("/staff/proposals/").content.decode()
    assert "四点半课堂" in html and "口袋公园" not in html

    services.expert_assign(
        actor=personas["governance_staff"], proposal=proposal, expert_user=personas["expert"]
    )
    html = staff.get("/staff/proposals/?state=under_review").content.decode()
    assert "架空层活动中心" in html and "四点半课堂" not in html


def test_the_expert_queue_follows_assignments_and_scores(personas, world, client_for):
    expert = client_for("expert")
    proposal = _submitted(personas, world, "架空层活动中心")
    assert "架空层活动中心" not in expert.get("/proposals/queue/").content.decode()
    services.expert_assign(
        actor=personas["governance_staff"], proposal=proposal, expert_user=personas["expert"]
    )
    html = expert.get("/proposals/queue/").content.decode()
    assert "架空层活动中心" in html and "待评分" in html


def test_the_pages_follow_the_language_and_the_viewers_scope(personas, world, client_for):
    _submitted(personas, world, "架空层活动中心")
    staff = client_for("governance_staff")
    chinese = staff.get("/staff/proposals/").content.decode()
    assert "提案评审看板" in chinese and "已提交" in chinese
    staff.cookies.load({"tc_lang": "en"})
    english = staff.get("/staff/proposals/").content.decode()
    assert "Proposal review board" in english and "Submitted" in english
    assert "已提交" not in english
    # another subdistrict's board staff see none of it
    outsider = client_for("outsider")
    response = outsider.get("/staff/proposals/")
    assert response.status_code in (403, 302) or "架空层活动中心" not in response.content.decode()
