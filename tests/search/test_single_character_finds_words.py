import pytest

from tests.governance.factories import make_case
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_one_character_finds_the_case_that_names_zhang_san(world, personas):
    make_case(
        world, personas, title="楼栋长带头清理楼道", measures="楼栋长张三组织邻居清理楼道杂物。"
    )
    make_case(world, personas, title="另一个案例", measures="与此无关的内容。")
    titles = [hit.title for hit in search(query="张").items]
    assert titles == ["楼栋长带头清理楼道"]
    assert [hit.title for hit in search(query="张三").items] == ["楼栋长带头清理楼道"]
