"""On PostgreSQL the candidates of a query come through the GIN index (rare terms) or a walk of
the primary key (terms in most documents), chosen from the column statistics. Both paths must
give the same results. (On SQLite the statistics are not used and the test checks nothing more
than that.)"""

import time

import pytest

from tests.governance.factories import make_case
from threecenters.search import backends
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_the_common_term_path_and_the_index_path_agree(world, personas, monkeypatch):
    for i in range(6):
        make_case(world, personas, title=f"社区议事第{i}例", measures="社区议事" * (i + 1))
    monkeypatch.setitem(backends._frequencies, "at", time.monotonic())
    monkeypatch.setitem(backends._frequencies, "values", {})
    rare = [(h.title, h.score) for h in search(query="社区 议事").items]
    monkeypatch.setitem(backends._frequencies, "values", {"社区": 1.0, "议事": 1.0})
    common = [(h.title, h.score) for h in search(query="社区 议事").items]
    assert len(rare) == 6 and rare == common
