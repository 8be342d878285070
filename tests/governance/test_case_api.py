import pytest

from tests.governance.factories import make_case


@pytest.mark.django_db
def test_the_api_lists_and_shows_published_cases_with_masked_contacts(world, personas, client):
    case = make_case(
        world,
        personas,
        title="接口案例",
        contact_name="李四",
        contact_mobile="13912345678",
        figures=[{"label": "居民", "value": "10", "unit": "人"}],
    )
    make_case(world, personas, title="草稿", publish=False)
    listing = client.get("/api/v1/cases").json()
    assert [item["title"] for item in listing["items"]] == ["接口案例"]
    detail = client.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["contact_name"] == "李*" and detail["contact_mobile"] == "139****5678"
    assert detail["figures"] == [{"label": "居民", "value": "10", "unit": "人"}]
    assert client.get("/api/v1/cases/999999").status_code == 404
    assert client.get("/api/v1/cases/abc").status_code == 404  # a path that names nothing
