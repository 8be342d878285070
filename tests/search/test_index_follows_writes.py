import pytest

from tests.governance.factories import make_case
from threecenters.governance import services
from threecenters.search.selectors import search


def titles(query):
    return [hit.title for hit in search(query=query).items]


@pytest.mark.django_db
def test_publishing_indexes_and_archiving_removes(world, personas):
    case = make_case(world, personas, title="楼道微更新", publish=False)
    assert titles("楼道微更新") == []  # drafts are not searchable
    case = services.case_publish(actor=personas["governance_staff"], case=case)
    assert titles("楼道微更新") == ["楼道微更新"]
    services.case_archive(actor=personas["governance_staff"], case=case)
    assert titles("楼道微更新") == []


@pytest.mark.django_db
def test_a_revision_is_searchable_once_republished(world, personas):
    staff = personas["governance_staff"]
    case = make_case(world, personas, title="旧标题案例")
    case = services.case_update(actor=staff, case=case, title="新标题案例")
    assert titles("新标题") == []  # the public still sees the published version
    assert titles("旧标题") == ["旧标题案例"]
    services.case_publish(actor=staff, case=case)
    assert titles("新标题") == ["新标题案例"]
    assert titles("旧标题") == []
