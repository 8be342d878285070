"""The pre-check's similar past proposals and cases come from the search service, each with its
outcome and a link, and only proposals the viewer may open are listed."""

import pytest

from tests.governance.factories import make_case
from tests.proposals.fixtures import FULL, decide
from threecenters.proposals import selectors, services

pytestmark = pytest.mark.django_db


def _submitted(personas, world, community, title, type_="activity_space", **fields):
    worker = personas[f"worker_{community}"]
    proposal = services.proposal_save(
        actor=worker,
        community=world["communities"][community],
        **{**FULL, "title": title, "type": type_, **fields},
    )
    return services.proposal_submit(actor=worker, proposal=proposal)


@pytest.fixture
def others(personas, world):
    return {
        "similar": _submitted(personas, world, "dajing", "大井社区架空层活动中心改造"),
        "unrelated": _submitted(
            personas,
            world,
            "dajing",
            "垃圾分类宣传",
            "event_series",
            address="大井苑 2 栋",
            building_part="",
            target_groups="全体居民",
            description="入户宣传垃圾分类知识。",
        ),
    }


def _decide(proposal, personas, **kwargs):
    from threecenters.reviews import services as review
    from threecenters.reviews.models import State

    review.application_transition(
        actor=personas["governance_staff"], application=proposal.application, to=State.ELIGIBILITY
    )
    proposal.refresh_from_db()
    return decide(proposal, personas, **kwargs)


def test_staff_see_similar_proposals_with_decision_and_reasons(submitted, others, personas):
    _decide(others["similar"], personas, outcome="rejected", reasons=("area", "traffic"))
    found = selectors.similar_items(submitted, user=personas["governance_staff"])
    proposals = [s for s in found if s.kind == "proposal"]
    assert [s.title for s in proposals] == ["大井社区架空层活动中心改造"]
    item = proposals[0]
    assert item.url == f"/proposals/{others['similar'].pk}/"
    assert "不通过" in item.outcome
    assert "面积不足" in item.outcome and "人流量不足" in item.outcome
    assert "架空层" in item.shared


def test_published_cases_are_listed_with_their_results(submitted, personas, world):
    make_case(
        world,
        personas,
        title="架空层变身邻里活动中心",
        results="每天接待居民八十人次。",
        community="shijing",
    )
    make_case(world, personas, title="架空层草稿案例", publish=False)
    found = selectors.similar_items(submitted, user=personas["governance_staff"])
    cases = [s for s in found if s.kind == "case"]
    assert [c.title for c in cases] == ["架空层变身邻里活动中心"]
    assert "八十人次" in cases[0].outcome and cases[0].url.startswith("/")


def test_a_worker_of_another_community_does_not_get_those_proposals(submitted, others, personas):
    assert not any(
        s.kind == "proposal"
        for s in selectors.similar_items(submitted, user=personas["worker_jiaolong"])
    )
    assert not any(s.kind == "proposal" for s in selectors.similar_items(submitted, user=None))
    assert [
        s.title
        for s in selectors.similar_items(others["unrelated"], user=personas["worker_dajing"])
        if s.kind == "proposal"
    ] == []
    found = selectors.similar_items(submitted, user=personas["worker_dajing"])
    assert [s.title for s in found if s.kind == "proposal"] == ["大井社区架空层活动中心改造"]


def test_the_precheck_piece_shows_inputs_source_and_no_missing_library_note(
    submitted, others, personas
):
    items = {i.title: i for i in selectors.precheck(submitted, personas["governance_staff"])}
    item = items["相似的往期提案和案例"]
    assert item.available and item.inputs and item.source
    assert "1" in item.figure and not item.note


def test_drafts_stay_out_of_the_index_and_decisions_update_it(draft, personas):
    from threecenters.search.models import SearchDocument

    assert not SearchDocument.objects.filter(type="proposal", object_id=str(draft.pk)).exists()
    draft = services.proposal_submit(actor=personas["worker_jiaolong"], proposal=draft)
    doc = SearchDocument.objects.get(type="proposal", object_id=str(draft.pk))
    assert not doc.is_public and doc.community_id == draft.community_id
    _decide(draft, personas, outcome="rejected", reasons=("area",))
    doc.refresh_from_db()
    assert "面积不足" in doc.tag_list


def test_the_search_page_lists_proposals_only_for_people_who_may_open_them(
    submitted, personas, client_for
):
    for persona, expected in [
        ("governance_staff", True),
        ("worker_jiaolong", True),
        ("worker_dajing", False),
        ("resident", False),
    ]:
        page = client_for(persona).get("/search/", {"q": "锦华苑"}).content.decode()
        assert (f"/proposals/{submitted.pk}/" in page) is expected, persona
