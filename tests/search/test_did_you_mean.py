import pytest

from tests.governance.factories import make_case
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_a_misspelt_domain_term_gets_a_suggestion_from_the_dictionary(world, personas, client):
    make_case(world, personas, title="三融三建工作法")
    results = search(query="三容三建")
    assert results.empty and results.suggestion == "三融三建"
    page = client.get("/search/", {"q": "三容三建"}).content.decode()
    assert "您是不是要找" in page and "三融三建" in page


@pytest.mark.django_db
def test_a_query_that_finds_something_gets_no_suggestion(world, personas):
    make_case(world, personas, title="三融三建工作法")
    assert search(query="三融三建").suggestion is None
