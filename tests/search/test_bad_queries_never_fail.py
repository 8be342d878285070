import pytest

from tests.governance.factories import make_case
from threecenters.search.selectors import search

BAD = [
    "",
    " ",
    "社",
    "社" * 500,
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "a NEAR/3 b",
    "*",
    "社区*",
    '"',
    '""',
    '"社区',
    "^社区",
    "title:社区",
    "(社区",
    "社区)",
    "((((",
    "社区 AND OR 小二",
    "- 社区",
    "'; DROP TABLE search_fts; --",
    "1' OR '1'='1",
    "\\",
    "%",
    "_",
    "社区 %",
    "😀😀",
    "🏠社区",
    "，。！？：；“”（）【】",
    "ｓｅｌｅｃｔ＊",
    "\x00",
    "<script>alert(1)</script>",
    "社区 & 小二",
    "社区 | 小二",
    "!社区",
    "社区:*",
    "'",
    "''",
    "a <-> b",
    "<->",
]


@pytest.mark.django_db
def test_odd_input_gives_results_or_nothing_but_never_an_error(world, personas, client):
    make_case(world, personas, title="社区小二的故事")
    for query in BAD:
        search(query=query)  # must not raise
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
        response = client.get("/api/v1/search", {"q": query})
        assert response.status_code == 200, query


@pytest.mark.django_db
def test_operators_are_read_as_words_not_syntax(world, personas):
    make_case(world, personas, title="社区小二的故事")
    assert [h.title for h in search(query="社区小二 AND").items] == ["社区小二的故事"]
    assert [h.title for h in search(query="社区小二*").items] == ["社区小二的故事"]
    assert [h.title for h in search(query="(社区小二)").items] == ["社区小二的故事"]
