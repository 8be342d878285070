import datetime

import pytest

from tests.governance.factories import make_case
from threecenters.governance import selectors, services


@pytest.mark.django_db
def test_adoptions_and_sessions_show_on_the_case_and_in_the_counts(world, personas, client_for):
    case = make_case(world, personas, title="社区小二", community="shijing")
    other = make_case(world, personas, title="三融三建", community="jiaolong")
    response = client_for("worker_dajing").post(
        f"/cases/staff/{case.pk}/spread/new/",
        {
            "community": world["communities"]["dajing"].pk,
            "kind": "adopted",
            "date": "2020-09-15",
            "adopted": "组建党员志愿者服务队",
            "people": "大井社区两委",
            "outcome": "服务独居老人",
        },
    )
    assert response.status_code == 302
    services.adoption_record(
        actor=personas["governance_staff"],
        case=case,
        community=world["communities"]["jiaolong"],
        kind="studied",
        date=datetime.date(2020, 10, 1),
        adopted="学习服务方式",
    )
    response = client_for("governance_staff").post(
        "/cases/staff/sessions/new/",
        {
            "title": "经验交流会",
            "date": "2020-12-18",
            "place": "三中心",
            "attendance": "80",
            "cases": [case.pk, other.pk],
            "communities": [world["communities"]["dajing"].pk],
        },
    )
    assert response.status_code == 302
    html = client_for(None).get(f"/cases/{case.pk}/").content.decode()
    assert "组建党员志愿者服务队" in html and "经验交流会" in html and "大井社区" in html
    by_case = {row["title"]: row for row in selectors.spread_counts_by_case()}
    assert by_case["社区小二"]["adopted"] == 1 and by_case["社区小二"]["studied"] == 1
    assert by_case["社区小二"]["sessions"] == 1 and by_case["三融三建"]["sessions"] == 1
    by_community = {row["slug"]: row for row in selectors.spread_counts_by_community()}
    assert by_community["dajing"]["adopted"] == 1 and by_community["jiaolong"]["studied"] == 1
    assert by_community["shijing"]["cases"] == 1


@pytest.mark.django_db
def test_a_spread_record_needs_a_community_and_what_was_adopted(world, personas, client_for):
    case = make_case(world, personas, title="社区小二")
    response = client_for("governance_staff").post(
        f"/cases/staff/{case.pk}/spread/new/", {"kind": "adopted"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.count('class="error"') >= 3
    assert not case.adoptions.exists()
