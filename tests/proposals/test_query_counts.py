"""List pages run a fixed number of queries however many rows they show."""

import pytest

from tests.proposals.fixtures import FULL
from threecenters.proposals import services

pytestmark = pytest.mark.django_db


def _fill(personas, world, n):
    for i in range(n):
        p = services.proposal_save(
            actor=personas["worker_dajing"],
            community=world["communities"]["dajing"],
            **(FULL | {"title": f"提案{i}"}),
        )
        p = services.proposal_submit(actor=personas["worker_dajing"], proposal=p)
        services.expert_assign(
            actor=personas["governance_staff"], proposal=p, expert_user=personas["expert"]
        )


@pytest.mark.parametrize(
    "url,who",
    [
        ("/staff/proposals/", "governance_staff"),
        ("/proposals/queue/", "expert"),
        ("/proposals/mine/", "worker_dajing"),
    ],
)
def test_list_pages_do_not_query_per_row(
    url, who, personas, world, client_for, django_assert_max_num_queries, settings
):
    settings.PORTAL_CACHE_SECONDS = 0  # count the queries of a real render, not a cache hit
    client = client_for(who)
    _fill(personas, world, 2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    _fill(personas, world, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
