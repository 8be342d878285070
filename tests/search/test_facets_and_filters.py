import pytest

from tests.governance.factories import make_case
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_facets_count_and_filters_narrow(world, personas):
    import datetime

    make_case(
        world,
        personas,
        title="议事会甲",
        community="jiaolong",
        tags=["议事"],
        period_start=datetime.date(2019, 1, 1),
    )
    make_case(
        world,
        personas,
        title="议事会乙",
        community="dajing",
        tags=["议事", "院落"],
        period_start=datetime.date(2020, 1, 1),
    )
    results = search(query="议事会")
    facets = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    assert facets["type"] == {"case": 2}
    assert facets["community"] == {"jiaolong": 1, "dajing": 1}
    assert facets["tag"] == {"议事": 2, "院落": 1}
    assert facets["year"] == {"2019": 1, "2020": 1}
    assert [h.title for h in search(query="议事会", community="dajing").items] == ["议事会乙"]
    assert [h.title for h in search(query="议事会", tag="院落").items] == ["议事会乙"]
    assert [h.title for h in search(query="议事会", year=2019).items] == ["议事会甲"]
    assert [h.title for h in search(query="议事会", types=["case"]).items] != []
    assert search(query="议事会", types=["nonexistent"]).items != []  # unknown types are ignored
    assert search(query="议事会", community="nowhere").items == []
    assert search(query="议事会", year="abc").items == []
