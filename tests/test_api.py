"""The API skeleton: schema, docs, lists, errors as {"code","message","fields"} in the caller's language."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_communities_and_centers_are_listed_as_utf8(client, world):
    response = client.get("/api/v1/communities")
    assert response.status_code == 200
    assert "蛟龙社区".encode() in response.content  # not \\u escapes
    names = [c["name"] for c in response.json()]
    assert names[:3] == ["蛟龙社区", "大井社区", "石井社区"]
    centers = client.get("/api/v1/centers").json()
    assert {c["kind"] for c in centers} >= {"incubator", "civility", "governance"}


@pytest.mark.django_db
def test_the_openapi_schema_and_docs_are_served(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/communities" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
def test_unknown_api_urls_answer_json_in_the_callers_language(client, en_client, world):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "找不到您要的内容。", "fields": {}}
    english = en_client.get("/api/v1/no-such-thing").json()
    assert english["message"] == "What you asked for cannot be found."


@pytest.mark.django_db
def test_signed_out_callers_get_401_as_json(client, world):
    response = client.get("/api/v1/me/notifications")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.django_db
def test_a_wrong_method_is_refused_without_a_500(client, world):
    response = client.post("/api/v1/communities", data="{}", content_type="application/json")
    assert response.status_code == 405


def test_validation_errors_become_fields(rf):
    from threecenters.api import _validation_fields

    fields = _validation_fields(
        [
            {"loc": ["body", "payload", "title"], "type": "missing"},
            {"loc": ["query", "limit"], "type": "int_parsing"},
        ]
    )
    assert fields == {"title": ["此项为必填项。"], "limit": ["请输入有效的数字。"]}
