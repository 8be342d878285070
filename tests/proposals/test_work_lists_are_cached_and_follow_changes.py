"""The board and the expert queue are cached per data version: a repeat view skips the list
queries, and every change shown on them (submission, assignment, score, decision) is there on
the next view."""

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


def _list_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "proposals_proposal" in q["sql"]]


def test_the_board_is_served_from_the_cache_until_something_on_it_changes(
    personas, world, client_for, django_assert_max_num_queries
):
    staff = client_for("governance_staff")
    proposal = _submitted(personas, world, "架空层活动中心")
    first = staff.get("/staff/proposals/").content.decode()
    assert "架空层活动中心" in first
    with django_assert_max_num_queries(20) as repeat:
        assert staff.get("/staff/proposals/").content.decode().count("架空层活动中心") == 1
    assert _list_queries(repeat.captured_queries) == []

    services.proposal_save(
        actor=personas["worker_dajing"],
        community=world["communities"]["dajing"],
        **(FULL | {"title": "口袋公园"}),
    )  # a draft: not on the board, but the version moves
    _submitted(personas, world, "四点半课堂")
    assert "四点半课堂" in staff.get("/staff/proposals/").content.decode()

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


def test_the_cache_is_per_language_and_per_viewer_scope(personas, world, client_for):
    _submitted(personas, world, "架空层活动中心")
    staff = client_for("governance_staff")
    chinese = staff.get("/staff/proposals/").content.decode()
    assert "提案评审看板" in chinese and "已提交" in chinese
    staff.cookies.load({"tc_lang": "en"})
    english = staff.get("/staff/proposals/").content.decode()
    assert "Proposal review board" in english and "Submitted" in english
    assert "已提交" not in english
    # another subdistrict's board staff see none of it, even though the page is cached
    outsider = client_for("outsider")
    response = outsider.get("/staff/proposals/")
    assert response.status_code in (403, 302) or "架空层活动中心" not in response.content.decode()
