import datetime

import pytest

from tests.governance.factories import make_case


@pytest.mark.django_db
def test_the_list_filters_by_community_tag_year_and_method(world, personas, client):
    make_case(
        world,
        personas,
        title="甲案例",
        community="jiaolong",
        tags=["党建"],
        method_name="三融三建",
        period_start=datetime.date(2019, 5, 1),
    )
    make_case(
        world,
        personas,
        title="乙案例",
        community="dajing",
        tags=["议事"],
        method_name="议事会",
        period_start=datetime.date(2020, 5, 1),
    )

    def titles(**params):
        html = client.get("/cases/", params).content.decode()
        return [t for t in ["甲案例", "乙案例"] if t in html]

    assert titles() == ["甲案例", "乙案例"]
    assert titles(community="dajing") == ["乙案例"]
    assert titles(tag="党建") == ["甲案例"]
    assert titles(year="2020") == ["乙案例"]
    assert titles(method="三融三建") == ["甲案例"]
    assert titles(year="junk", after="junk") == ["甲案例", "乙案例"]


@pytest.mark.django_db
def test_the_case_page_shows_contacts_masked_related_cases_and_a_print_view(
    world, personas, client
):
    case = make_case(
        world,
        personas,
        title="社区小二志愿服务",
        tags=["志愿服务"],
        contact_name="张三丰",
        contact_mobile="13812341234",
    )
    make_case(world, personas, title="志愿服务积分", tags=["志愿服务"])
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "张**" in html and "138****1234" in html
    assert "张三丰" not in html and "13812341234" not in html
    assert "相关案例" in html and "志愿服务积分" in html
    printed = client.get(f"/cases/{case.pk}/print/").content.decode()
    assert "社区小二志愿服务" in printed and "site-header" not in printed
