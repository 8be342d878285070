import pytest

from tests.governance.factories import make_case


@pytest.mark.django_db
def test_the_api_returns_hits_facets_and_a_cursor(world, personas, client):
    for i in range(3):
        make_case(world, personas, title=f"院落自治第{i}例", community="dajing", tags=["院落"])
    body = client.get(
        "/api/v1/search", {"q": "院落自治", "size": 2, "community": "dajing", "tag": "院落"}
    ).json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    assert body["items"][0]["type"] == "case" and body["items"][0]["title_html"].startswith(
        "<mark>院落自治</mark>"
    )
    assert body["facets"]["community"][0] == {"value": "dajing", "label": "大井社区", "count": 3}
    more = client.get(
        "/api/v1/search",
        {
            "q": "院落自治",
            "size": 2,
            "community": "dajing",
            "tag": "院落",
            "after": body["next_cursor"],
        },
    ).json()
    assert len(more["items"]) == 1 and more["next_cursor"] is None


@pytest.mark.django_db
def test_a_bad_parameter_is_a_422_with_fields(client):
    response = client.get("/api/v1/search", {"q": "社区", "year": "abc"})
    assert response.status_code == 422
    assert "year" in response.json()["fields"]
