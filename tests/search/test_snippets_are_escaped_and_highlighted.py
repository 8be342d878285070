import pytest

from tests.governance.factories import make_case
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_markup_in_content_is_escaped_before_highlighting(world, personas):
    make_case(
        world,
        personas,
        title="<b>楼道</b>整治",
        measures="<script>alert(1)</script>楼道整治很有效。",
    )
    hit = search(query="楼道").items[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>楼道</mark>" in hit.snippet
    assert hit.title_html == "&lt;b&gt;<mark>楼道</mark>&lt;/b&gt;整治"
