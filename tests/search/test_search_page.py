import re

import pytest

from tests.governance.factories import make_case


@pytest.mark.django_db
def test_the_page_has_labelled_fields_results_and_a_phone_layout(world, personas, client):
    make_case(world, personas, title="社区小二服务队", tags=["志愿服务"])
    html = client.get("/search/", {"q": "社区小二"}).content.decode()
    for name in ["q", "type", "community", "tag", "year"]:
        field_id = f"id_{name}"
        assert f'id="{field_id}"' in html and f'for="{field_id}"' in html, name
    assert "<mark>社区小二</mark>" in html
    assert 'name="viewport"' in html and "search/css/search.css" in html
    assert not re.search(r"<script>(?!</script>)|style=", html.split("<main", 1)[1])
    assert "/cases/" in html  # the hit links to the case page


@pytest.mark.django_db
def test_no_results_says_so(world, client):
    html = client.get("/search/", {"q": "不存在的词语组合"}).content.decode()
    assert "没有找到" in html


@pytest.mark.django_db
def test_the_page_speaks_english_too(world, personas, en_client):
    make_case(world, personas, title="社区小二服务队")
    html = en_client.get("/search/", {"q": "社区小二"}).content.decode()
    assert "Keyword" in html
