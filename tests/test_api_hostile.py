"""Every operation of the OpenAPI document under hostile input: nulls, wrong types, 2**63, -1,
0, 100,000-character strings, control characters with SQL and HTML, naive date-times, arrays for
objects, forms, multipart, text and broken JSON, with real and unknown ids, signed out, as a
resident, as center staff and as a community worker. No answer is a 5xx; every refusal is in the
error shape, and every answer is one the document declares (tests/api_contract.py).

The variants come from the document itself, so a new operation is walked without touching this
file. The walk is deterministic and bounded (a few variants per parameter and body field)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from tests.api_contract import ContractError, check_response, document
from tests.events.helpers import published_event
from tests.factories import RegistrationFactory
from tests.governance.factories import make_case
from tests.proposals.fixtures import FULL
from threecenters.core.paging import encode_cursor
from threecenters.people.models import ResidentProfile
from threecenters.proposals import services as proposal_services

pytestmark = pytest.mark.django_db

BIG = 2**63
LONG = "长" * 100_000
NASTY = "\x00\x07\x1b\u202e<script>alert(1)</script>'; DROP TABLE events_event; --"
NAIVE = "2026-05-01T09:00:00"
# signed out, a resident, center staff (events and proposals) and a community worker (the
# proposals of their community); reads are walked by the first three
PERSONAS = (None, "resident", "civility_staff", "governance_staff", "worker_jiaolong")
READERS = PERSONAS[:3]

# what goes in place of a value of each kind (null too, and 999999 for an id)
FIELD_VARIANTS: dict[str, list[Any]] = {
    "integer": [BIG, -1, 0, 1.5, "1"],
    "number": [BIG * 10, -1, "1e999", 1e308, float("nan"), float("inf")],
    "string": [LONG, NASTY, 12, ["x"]],
    "boolean": ["maybe", 2],
    "date-time": [NAIVE, "2026-13-45T99:00:00+08:00", BIG, "now"],
    "date": [NAIVE, "0000-00-00", BIG],
    "array": [{"a": 1}, [None], [LONG], "x"],
    "object": [[], "x", {"a": NASTY}],
}
# cursors as the keyset pages write them, with values the database cannot hold
CURSORS = [
    encode_cursor({"at": "2026-05-01T09:00:00+08:00", "id": BIG, "s": 1, "sc": "nan"}),
    encode_cursor({"at": "2026-13-45T99:00:00", "id": 1, "s": 1, "sc": 1e308}),
    encode_cursor({"at": NAIVE, "id": -BIG, "s": 0, "sc": "1e999"}),
    encode_cursor({"at": None, "id": [1]}),
    # core.paging's own shape, for the orderings of the event and proposal lists
    encode_cursor({"o": "starts_at,id", "k": [NAIVE, BIG]}),
    encode_cursor({"o": "-submitted_at,-id", "k": [None, None]}),
]
QUERY_VARIANTS = [
    *["", "abc", str(BIG), "-1", "0", "1.5", "x" * 100_000, NASTY, NAIVE, "null", "[]"],
    *CURSORS,
]
PATH_VARIANTS = [
    "999999",
    str(BIG),
    str(BIG * 2),
    "-1",
    "0",
    "abc",
    "1.5",
    "x" * 2000,
    "null",
    "a%00b",
]
RAW_BODIES = [
    ("application/x-www-form-urlencoded", "title=x&center_id=1"),
    (MULTIPART_CONTENT, encode_multipart(BOUNDARY, {"title": "x", "center_id": "1"})),
    ("text/plain", "hello"),
    ("application/json", "{not json"),
    ("application/json", b"\xff\xfe\x00"),
    ("application/json", "null"),
    ("application/json", "[]"),
    ("application/json", '"a string"'),
    ("application/json", str(BIG)),
    ("application/json", "[" * 5000 + "]" * 5000),
]


@pytest.fixture
def records(world, personas):
    """One real record for each kind of id a path or body names."""
    event = published_event(world, personas)
    registration = RegistrationFactory(event=event, person=personas["resident"])
    proposal = proposal_services.proposal_save(
        actor=personas["worker_jiaolong"], community=world["communities"]["jiaolong"], **FULL
    )
    proposal = proposal_services.proposal_submit(
        actor=personas["worker_jiaolong"], proposal=proposal
    )
    case = make_case(world, personas)
    profile = ResidentProfile.objects.create(
        user=personas["resident"], community=world["communities"]["dajing"]
    )
    return {
        "path": {
            "event_id": event.pk,
            "registration_id": registration.pk,
            "proposal_id": proposal.pk,
            "case_id": case.pk,
            "token": profile.token,
        },
        "body": {
            "center_id": world["centers"]["civility"].pk,
            "community_id": world["communities"]["jiaolong"].pk,
            "expert_id": personas["expert"].pk,
        },
    }


def _schema(schema: dict) -> dict:
    components = document()["components"]["schemas"]
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return _schema(option)
    return schema


def _kind(schema: dict) -> str:
    schema = _schema(schema)
    return (
        schema.get("format")
        if schema.get("format") in ("date-time", "date")
        else (schema.get("type") or "string")
    )


def _valid(name: str, schema: dict, ids: dict[str, int]) -> Any:
    """A plausible value, so the variants of the other fields reach the service."""
    schema = _schema(schema)
    if name in ids:
        return ids[name]
    if "enum" in schema:
        return schema["enum"][0]
    soon = timezone.now() + timedelta(days=5)
    kind = _kind(schema)
    if kind == "date-time":
        return soon.isoformat()
    if kind == "date":
        return soon.date().isoformat()
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        if "properties" in schema:
            return _baseline(schema, ids)
        return {}
    return "123456"[: schema.get("maxLength", 6)]


def _baseline(schema: dict, ids: dict[str, int]) -> dict:
    schema = _schema(schema)
    props = schema.get("properties", {})
    return {name: _valid(name, props[name], ids) for name in schema.get("required", [])}


def _body_variants(schema: dict, ids: dict[str, int]) -> list[Any]:
    schema = _schema(schema)
    base = _baseline(schema, ids)
    variants: list[Any] = [base, {}, [base]]
    for name, prop in schema.get("properties", {}).items():
        values = [None, *FIELD_VARIANTS[_kind(prop)]]
        if name.endswith("_id"):
            values.append(999999)
        item = _schema(prop).get("items")
        if item and "properties" in _schema(item):
            item_base = _baseline(item, ids)
            values += [[item_base], [dict.fromkeys(item_base)], [item_base] * 60]
        variants += [{**base, name: value} for value in values]
    return variants


def _query_variants(params: list[dict]) -> list[dict[str, str]]:
    return [{p["name"]: value} for p in params for value in QUERY_VARIANTS]


def _fill_path(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace(f"{{{name}}}", value)
    return template


def _problem(method: str, path: str, response) -> str | None:
    try:
        check_response(method, path.split("?", 1)[0], response)
    except ContractError as exc:
        return str(exc)
    content = response.content.decode("utf-8", "replace")
    if "Traceback" in content or 'File "' in content:
        return f"{method} {path[:80]}: a traceback in the answer"
    if 400 <= response.status_code < 500:
        body = json.loads(content)
        if not (
            isinstance(body, dict)
            and {"code", "message", "fields"} <= set(body)
            and isinstance(body["message"], str)
            and body["message"]
        ):
            return f"{method} {path[:80]}: {response.status_code} not in the error shape"
    return None


def _walk(personas, records) -> tuple[list[str], int]:
    problems: list[str] = []
    sent = 0
    for template, methods in document()["paths"].items():
        for method, operation in methods.items():
            variants = _variants(template, operation, records)
            for name in READERS if method == "get" else PERSONAS:
                client = Client(raise_request_exception=False)
                if name:
                    client.force_login(personas[name])
                # signed out, an operation for signed-in callers refuses everything alike
                todo = variants if name or {} in operation["security"] else variants[:3]
                for path, kwargs in todo:
                    response = client.generic(method.upper(), path, **kwargs)
                    sent += 1
                    problem = _problem(method, path, response)
                    if problem:
                        problems.append(f"[{name or 'anonymous'}] {problem}")
    return problems, sent


def _variants(template: str, operation: dict, records: dict) -> list[tuple[str, dict]]:
    params = operation.get("parameters", [])
    path_names = [p["name"] for p in params if p["in"] == "path"]
    # a path parameter without a record of its own gets an id nothing has (its 404 path)
    known = {n: str(records["path"].get(n, 2**31)) for n in path_names}
    real = _fill_path(template, known)
    out: list[tuple[str, dict]] = [(real, {})]
    for name in path_names:
        for value in PATH_VARIANTS:
            others = {n: v for n, v in known.items() if n != name}
            out.append((_fill_path(template, {**others, name: value}), {}))
    for query in _query_variants([p for p in params if p["in"] == "query"]):
        out.append((f"{real}?{urlencode(query)}", {}))
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        for value in _body_variants(body["schema"], records["body"]):
            out.append((real, {"data": json.dumps(value), "content_type": "application/json"}))
        for content_type, raw in RAW_BODIES:
            out.append((real, {"data": raw, "content_type": content_type}))
    else:
        out.append((real, {"data": "a=b", "content_type": "application/x-www-form-urlencoded"}))
    return out


def test_no_operation_answers_5xx_or_outside_its_document(personas, records):
    problems, sent = _walk(personas, records)
    assert sent > 2000  # the walk really covered the document
    # the server errors first, then each distinct problem once
    shown = sorted(set(problems), key=lambda p: ("answered 5" not in p, p))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(shown[:40])
