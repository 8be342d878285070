"""The proposal page shows each role what it may see."""

import pytest

from tests.proposals.fixtures import decide
from threecenters.proposals import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(scored, personas, expert2):
    from datetime import date

    services.site_visit_record(
        actor=expert2,
        proposal=scored,
        visited_on=date(2026, 5, 1),
        places="架空层",
        interviewed_count=4,
        interviewed_roles="物业、居民",
        findings="周边人流量较少。",
    )
    decide(scored, personas)
    return scored


def test_the_applicant_reads_decision_reasons_explanation_and_findings_but_no_scores(
    rejected, client_for
):
    html = client_for("worker_jiaolong").get(f"/proposals/{rejected.pk}/").content.decode()
    assert "不通过" in html and "面积不足" in html and "人流量不足" in html
    assert "小区面积不够，周边人流量较少。" in html
    assert "周边人流量较少。" in html  # the findings summary
    assert "加权得分" not in html and "评分汇总" not in html
    assert "可行性预检" not in html


def test_staff_see_the_aggregate_the_spread_and_the_precheck(rejected, client_for):
    html = client_for("governance_staff").get(f"/proposals/{rejected.pk}/").content.decode()
    assert "评分汇总" in html and "加权平均分" in html and "分歧" in html
    assert "可行性预检" in html and "暂无数据" in html


def test_an_expert_who_has_not_scored_sees_only_their_own_sheet(
    under_review, personas, expert2, client_for
):
    from tests.proposals.fixtures import scores

    services.proposal_score(actor=expert2, proposal=under_review, scores=scores())
    html = client_for("expert").get(f"/proposals/{under_review.pk}/").content.decode()
    assert "提交自己的评分后才能看到其他专家的评分" in html
    assert "expert2" not in html
    assert "可行性预检" in html


def test_the_board_filters_by_state_and_community(scored, client_for, world):
    client = client_for("governance_staff")
    html = client.get("/staff/proposals/?state=under_review").content.decode()
    assert scored.title in html
    html = client.get("/staff/proposals/?state=closed").content.decode()
    assert scored.title not in html
    dajing = world["communities"]["dajing"].pk
    assert scored.title not in client.get(f"/staff/proposals/?community={dajing}").content.decode()
    assert client.get("/staff/proposals/?period=junk&community=x&after=%%%").status_code == 200


def test_the_board_pages_with_a_cursor(submitted, client_for, personas, world):
    from tests.proposals.fixtures import FULL

    for i in range(30):
        p = services.proposal_save(
            actor=personas["worker_dajing"],
            community=world["communities"]["dajing"],
            **(FULL | {"title": f"提案{i:02d}"}),
        )
        services.proposal_submit(actor=personas["worker_dajing"], proposal=p)
    client = client_for("governance_staff")
    first = client.get("/api/v1/proposals").json()
    second = client.get(f"/api/v1/proposals?after={first['next_cursor']}").json()
    ids = [p["id"] for p in first["items"] + second["items"]]
    assert len(ids) == 31 == len(set(ids))
    assert second["next_cursor"] is None


def test_a_worker_submits_through_the_form(client_for, world):
    client = client_for("worker_jiaolong")
    data = {
        "community": world["communities"]["jiaolong"].pk,
        "title": "楼顶花园",
        "type": "micro_renewal",
        "budget_yuan": "12.345",
        "submit": "1",
    }
    response = client.post("/proposals/new/", data)
    assert response.status_code == 200
    assert "两位小数" in response.content.decode()
    data["budget_yuan"] = "12.34"
    response = client.post("/proposals/new/", data, follow=True)
    assert "提交前请补全必填项" in response.content.decode()
    from threecenters.proposals.models import Proposal

    # saving and submitting is one transaction, as through the API: a refused submission
    # leaves no draft, and the form keeps what was typed
    assert not Proposal.objects.exists()
    assert 'value="12.34"' in response.content.decode()
    del data["submit"]
    client.post("/proposals/new/", data)
    assert Proposal.objects.get().budget_fen == 1234


def test_my_list_pages_through_submitted_proposals_then_drafts(
    submitted, client_for, personas, world
):
    for i in range(30):
        services.proposal_save(
            actor=personas["worker_jiaolong"],
            community=world["communities"]["jiaolong"],
            title=f"草稿{i:02d}",
            type="other",
        )
    client = client_for("worker_jiaolong")
    first = client.get("/api/v1/proposals").json()
    assert first["items"][0]["id"] == submitted.pk
    second = client.get(f"/api/v1/proposals?after={first['next_cursor']}").json()
    titles = [p["title"] for p in first["items"] + second["items"]]
    assert len(titles) == 31 == len(set(titles))
    assert titles[1:] == [f"草稿{i:02d}" for i in reversed(range(30))]
    assert second["next_cursor"] is None
