"""The saved cost: the requested budget of rejected proposals, per month and community."""

import pytest

from tests.proposals.fixtures import decide
from threecenters.proposals import selectors

pytestmark = pytest.mark.django_db


def test_a_rejected_proposals_budget_counts_as_saved(scored, personas, world, client):
    decide(scored, personas)
    rows = selectors.saved_cost(subdistrict=world["subdistrict"])
    assert [(r.community, r.count, r.total_fen) for r in rows] == [("蛟龙社区", 1, 18_000_000)]
    assert selectors.saved_cost_total(subdistrict=world["subdistrict"]) == 18_000_000
    html = client.get("/proposals/saved-cost/").content.decode()
    assert "180,000.00" in html


def test_approved_and_pending_proposals_do_not_count(scored, personas, world):
    assert selectors.saved_cost_total(subdistrict=world["subdistrict"]) == 0
    decide(scored, personas, outcome="approved", reasons=())
    assert selectors.saved_cost_total(subdistrict=world["subdistrict"]) == 0


def test_the_governance_center_page_links_to_it(world, client):
    html = client.get(f"/centers/{world['centers']['governance'].pk}/").content.decode()
    assert "/proposals/saved-cost/" in html
    html = client.get(f"/centers/{world['centers']['incubator'].pk}/").content.decode()
    assert "/proposals/saved-cost/" not in html
