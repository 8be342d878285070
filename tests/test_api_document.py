"""The OpenAPI document declares, for every operation, both ways in and every status it can
answer; and the checker the API tests use (tests/api_contract.py) really catches a response
outside the document."""

from __future__ import annotations

import pytest
from django.http import JsonResponse

from tests.api_contract import ContractError, check_response, conforms, document

ERROR = {"$ref": "#/components/schemas/Error"}


def _operations():
    for path, methods in document()["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_both_security_schemes_are_described():
    schemes = document()["components"]["securitySchemes"]
    assert set(schemes) == {"BearerToken", "SessionCookie"}
    assert schemes["BearerToken"]["type"] == "http" and schemes["BearerToken"]["scheme"] == "bearer"
    cookie = schemes["SessionCookie"]
    assert (cookie["type"], cookie["in"], cookie["name"]) == ("apiKey", "cookie", "sessionid")


def test_every_operation_declares_bearer_and_session_security():
    signed_in = public = 0
    for path, method, operation in _operations():
        security = operation.get("security")
        assert {"BearerToken": []} in security and {"SessionCookie": []} in security, (method, path)
        # {} marks a public operation (the signed-in caller may see more)
        public += {} in security
        signed_in += {} not in security
    assert signed_in >= 10 and public >= 5
    me = document()["paths"]["/api/v1/me"]["get"]["security"]
    assert {} not in me
    events = document()["paths"]["/api/v1/events"]["get"]["security"]
    assert {} in events


def test_every_operation_declares_the_error_statuses_it_can_answer():
    for path, method, operation in _operations():
        answers = operation["responses"]
        expected = {"401", "403", "429"}
        sources = {p["in"] for p in operation.get("parameters", [])}
        if sources or "requestBody" in operation:
            expected.add("422")
        if "path" in sources:
            expected.add("404")
        if "requestBody" in operation:
            expected |= {"400", "415"}
        assert expected <= set(answers), (method, path, sorted(answers))
        for status in expected:
            assert answers[status]["content"]["application/json"]["schema"] == ERROR
    error = document()["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "fields"}
    patch = document()["paths"]["/api/v1/events/{event_id}"]["patch"]["responses"]
    assert "409" in patch


def test_ids_and_date_times_are_bounded_in_the_document():
    event = document()["paths"]["/api/v1/events/{event_id}"]["get"]["parameters"][0]
    assert event["schema"]["maximum"] == 2**63 - 1 and event["schema"]["minimum"] == 1
    schemas = document()["components"]["schemas"]
    patch = schemas["EventPatch"]["properties"]
    # optional but not nullable, except the sign-up window's ends
    assert all("null" not in str(patch[name]) for name in ("kind", "title", "status", "capacity"))
    assert "null" in str(patch["signup_closes_at"])
    assert schemas["EventIn"]["properties"]["starts_at"]["format"] == "date-time"


def test_the_checker_finds_wrong_types_missing_keys_and_unknown_statuses(db):
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "when": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "fields": {"type": "object", "additionalProperties": {"type": "array"}},
        },
        "required": ["id", "when"],
    }
    good = {"id": 1, "when": "2026-05-01T09:00:00+08:00", "tags": ["a"], "note": None}
    assert conforms(good, schema) == []
    assert conforms({**good, "id": True}, schema)
    assert conforms({**good, "id": "1"}, schema)
    assert conforms({"id": 1}, schema)
    assert conforms({**good, "when": "soon"}, schema)
    assert conforms({**good, "tags": [1]}, schema)
    assert conforms({**good, "note": 3}, schema)
    assert conforms({**good, "fields": {"x": "y"}}, schema)
    assert conforms({"code": "x", "message": "m", "fields": {}}, ERROR) == []
    assert conforms({"detail": "Not found"}, ERROR)

    refusal = {"code": "not_found", "message": "找不到", "fields": {}}
    check_response("GET", "/api/v1/events/5", JsonResponse(refusal, status=404))
    with pytest.raises(ContractError, match="not declared"):
        check_response("GET", "/api/v1/events/5", JsonResponse(refusal, status=409))
    with pytest.raises(ContractError, match="missing"):
        check_response("GET", "/api/v1/events/5", JsonResponse({"detail": "x"}, status=404))
    with pytest.raises(ContractError, match="answered 500"):
        check_response("GET", "/api/v1/communities", JsonResponse({}, status=500))
    with pytest.raises(ContractError, match="error shape"):
        check_response("GET", "/api/v1/nothing-here", JsonResponse({"x": 1}, status=404))
