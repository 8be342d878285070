import pytest

from tests.governance.factories import make_case
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_pages_follow_each_other_without_gaps_or_repeats(world, personas):
    for i in range(7):
        make_case(world, personas, title=f"邻里互助案例{i}", measures="邻里互助" * (i + 1))
    seen = []
    cursor = None
    for _ in range(10):
        results = search(query="邻里互助", size=3, cursor=cursor)
        seen.extend(hit.title for hit in results.items)
        cursor = results.next_cursor
        if cursor is None:
            break
    assert len(seen) == 7 and len(set(seen)) == 7
    assert seen == [hit.title for hit in search(query="邻里互助", size=50).items]


@pytest.mark.django_db
def test_a_forged_cursor_starts_from_the_beginning(world, personas):
    make_case(world, personas, title="邻里互助案例")
    for cursor in ["garbage", "eyJzIjoidyJ9", "x" * 500]:
        assert [h.title for h in search(query="邻里互助", cursor=cursor).items] == ["邻里互助案例"]
