"""API responses checked against our own OpenAPI document (Zulip's test client does this).

``ApiClient`` is the test client the ``client``, ``en_client`` and ``client_for`` fixtures hand
out: every answer under /api/v1/ must have a status the document declares for that operation
and a JSON body that conforms to the declared schema. ``conforms`` is a compact validator for
the JSON-schema subset django-ninja emits ($ref, type, properties, required,
additionalProperties, items, anyOf/oneOf/allOf, enum, const, date-time); the ``jsonschema``
package is not a dependency.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from typing import Any

from django.test import Client

PREFIX = "/api/v1/"
NOT_OPERATIONS = {"/api/v1/openapi.json", "/api/v1/docs"}
ERROR_KEYS = {"code", "message", "fields"}

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[kind])


class ContractError(AssertionError):
    pass


@cache
def document() -> dict[str, Any]:
    """The served document, read once per test run."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200, response.status_code
    return response.json()


@cache
def _routes() -> list[tuple[re.Pattern, str]]:
    routes = []
    for template in document()["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        routes.append((re.compile(f"^{pattern}$"), template))
    # literal paths win over templated ones (/me/registrations before /me/{x})
    routes.sort(key=lambda r: r[1].count("{"))
    return routes


def operation_for(method: str, path: str) -> tuple[str, dict] | None:
    """(template, operation) for a request, or None when the document has no such path."""
    for pattern, template in _routes():
        if pattern.match(path):
            return template, document()["paths"][template].get(method.lower(), {})
    return None


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document()["components"]["schemas"][name]
    return schema


def conforms(value: Any, schema: dict, where: str = "$") -> list[str]:
    """What is wrong with ``value`` under ``schema`` (empty when it conforms)."""
    schema = _resolve(schema)
    problems: list[str] = []
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [conforms(value, option, where) for option in schema[key]]
            if all(options):
                problems.append(f"{where}: matches none of {key} ({options})")
    for part in schema.get("allOf", []):
        problems += conforms(value, part, where)
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    kinds = schema.get("type")
    if kinds is None:
        return problems
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not any(_is(value, kind) for kind in kinds):
        return [*problems, f"{where}: {value!r} is not {'/'.join(kinds)}"]
    if isinstance(value, str) and schema.get("format") == "date-time":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"{where}: {value!r} is not a date-time")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += conforms(item, schema["items"], f"{where}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}: {name!r} is missing")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                problems += conforms(item, properties[name], f"{where}.{name}")
            elif extra is False:
                problems.append(f"{where}: {name!r} is not declared")
            elif isinstance(extra, dict):
                problems += conforms(item, extra, f"{where}.{name}")
    return problems


def check_response(method: str, path: str, response) -> None:
    """Raise ContractError unless the response is one the document declares."""
    if response.status_code >= 500:
        raise ContractError(f"{method} {path} answered {response.status_code}")
    content_type = response.get("Content-Type", "")
    found = operation_for(method, path)
    if found is None or not found[1]:
        # no such operation: the router's own 404/405, still in the error shape
        body = json.loads(response.content) if content_type.startswith("application/json") else None
        if not isinstance(body, dict) or set(body) != ERROR_KEYS:
            raise ContractError(f"{method} {path}: {response.status_code} not in the error shape")
        return
    template, operation = found
    declared = operation["responses"].get(str(response.status_code))
    if declared is None:
        raise ContractError(
            f"{method} {template}: status {response.status_code} is not declared "
            f"({sorted(operation['responses'])})"
        )
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return
    if not content_type.startswith("application/json"):
        raise ContractError(f"{method} {template}: {content_type!r} is not JSON")
    body = json.loads(response.content)
    problems = conforms(body, schema)
    if problems:
        raise ContractError(
            f"{method} {template} {response.status_code}: " + "; ".join(problems[:5])
        )


class ApiClient(Client):
    """A test client that checks every /api/v1/ answer against the OpenAPI document."""

    def request(self, **request):
        response = super().request(**request)
        path = request.get("PATH_INFO", "")
        if path.startswith(PREFIX) and path not in NOT_OPERATIONS:
            check_response(request.get("REQUEST_METHOD", "GET"), path, response)
        return response
