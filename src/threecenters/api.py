"""The REST API under /api/v1/: one NinjaAPI, errors as {"code", "message", "fields"} with
honest status codes and messages in the request's language. It imports no app: the apps' routers
import what they share from here, and the project's URL configuration (``threecenters.urls``)
adds them.

What every operation shares lives here, so no endpoint repeats it: the two ways in (a bearer
token and the session cookie), the input types that bound what the database can hold (``Id``,
``DateTime``, ``optional``), the JSON-only body rule (415), the last-resort handler for database
errors, and the OpenAPI document that declares each operation's security and error statuses."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import got_request_exception
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, ConfigError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth
from pydantic import AwareDatetime

from threecenters.core.http_errors import error_body
from threecenters.core.kit import ServiceError
from threecenters.core.middleware import scrub
from threecenters.core.paging import InvalidCursor

logger = logging.getLogger("threecenters.api")


class ErrorOut(Schema):
    """The one error shape of the API."""

    code: str
    message: str
    fields: dict[str, list[str]]


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Declare the refusals an operation gives beyond the ones every operation shares
    (``response={200: X, **errors(409)}``)."""
    return dict.fromkeys(statuses, ErrorOut)


class UTF8Renderer(JSONRenderer):
    """Chinese as UTF-8, not \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    if isinstance(value, dict):
        return {scrub(k): _scrubbed(v) for k, v in value.items()}
    return value


class JSONParser(Parser):
    """JSON bodies with the control characters nobody types (NUL, BEL, ESC, bidi overrides)
    removed from every string, as ``core.middleware`` does for forms and queries: they are never
    stored or echoed, and PostgreSQL refuses NUL in text."""

    def parse_body(self, request: HttpRequest) -> Any:
        return _scrubbed(json.loads(request.body))


# ---------------------------------------------------------------- input types
ID_MAX = 2**63 - 1

Token = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="A record's random public token")
]
"""Every random token in a path (``secrets.token_urlsafe``); anything else there is 404."""

Id = Annotated[
    int,
    Field(ge=1, le=ID_MAX, description="A record id (1 to 2^63-1, the database's bigint range)"),
]
"""Every id in a path, a query or a body: a signed 64-bit positive integer, so no value the
database cannot hold reaches it. Out of range in a path is 404, elsewhere 422."""

DateTime = AwareDatetime
"""Every date-time in a query or body: ISO 8601 with its offset (``2026-05-01T09:00:00+08:00``
or ``…Z``). A time without one is refused (422) rather than guessed."""


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def optional(**constraints: Any) -> Any:
    """A PATCH field that may be left out but not sent as null: its type stays non-nullable and
    only its absence is allowed (read the payload with ``exclude_unset``)."""
    return Field(None, json_schema_extra=_no_default, **constraints)


# ---------------------------------------------------------------- the ways in
class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``. The token is checked by
    ``people.middleware.BearerTokenMiddleware`` before any view: a bad, expired or revoked token
    is answered 401 there; a good one signs the request in as its owner."""

    openapi_description = (
        "An API token (threecenters token create, or the API tokens page under /me/), sent as "
        "'Authorization: Bearer <token>'. CSRF does not apply."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = request.user
        return user if getattr(request, "tc_bearer", False) and user.is_authenticated else None


class SessionCookie(SessionAuth):
    """The browser session (with Django's CSRF check on unsafe methods)."""

    openapi_description = (
        "The platform's session cookie after signing in on the website; unsafe methods need "
        "the CSRF token in the X-CSRFToken header."
    )


signed_in = [BearerToken(), SessionCookie()]
"""``auth=signed_in`` on every operation that needs a signed-in caller."""

SECURITY_SCHEMES = [type(auth).__name__ for auth in signed_in]


class _Document(OpenAPISchema):
    """The OpenAPI document with what the API does for every operation written in: both
    security schemes (optional on public operations, which still answer more to a signed-in
    caller) and every error status with the error schema."""

    SHARED = {
        401: "Not signed in, or a bearer token that is invalid, expired or revoked",
        403: "Not allowed; also a session that must first set up two-factor sign-in, or a "
        "failed CSRF check",
        429: "Too many requests (the bearer door's limit on refused tokens)",
    }
    INPUT = {422: "Invalid parameters or body (field errors in 'fields')"}
    BODY = {
        400: "The body is not valid JSON",
        415: "The body is not application/json",
    }
    PATH = {404: "Nothing with this id, or nothing the caller may see"}

    def operation_details(self, operation) -> dict[str, Any]:
        details = super().operation_details(operation)
        schemes = [{name: []} for name in SECURITY_SCHEMES]
        details["security"] = schemes if operation.auth_callbacks else [{}, *schemes]
        sources = {m.__ninja_param_source__ for m in operation.models}
        refusals = dict(self.SHARED)
        if sources:
            refusals.update(self.INPUT)
        if "body" in sources:
            refusals.update(self.BODY)
        if "path" in sources:
            refusals.update(self.PATH)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        answers = details["responses"]
        for status, text in refusals.items():
            answers.setdefault(status, {"description": text, "content": error})
        details["responses"] = dict(sorted(answers.items()))
        return details

    def add_schema_definitions(self, definitions: dict) -> None:
        # components are named by class name: two schemas of one name would silently share one
        for name, schema in definitions.items():
            if self.schemas.get(name, schema) != schema:
                raise ConfigError(f"two API schemas are named {name}; rename one")
        super().add_schema_definitions(definitions)

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        components["schemas"]["Error"] = ErrorOut.model_json_schema()
        schemes = components.setdefault("securitySchemes", {})
        for name, auth in zip(SECURITY_SCHEMES, signed_in, strict=True):
            schemes[name] = auth.openapi_security_schema
        return components


class ThreeCentersAPI(NinjaAPI):
    def _get_urls(self) -> list:
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _json_not_allowed(pattern.callback)
        return patterns

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Document(self, path_prefix)


api = ThreeCentersAPI(
    title="Three Centers API",
    version="1",
    description=(
        "Errors are JSON {code, message, fields} with honest statuses, the message in the "
        "caller's language. Bodies are application/json (anything else is 415). Ids are "
        "integers from 1 to 2^63-1. Date-times carry their offset (2026-05-01T09:00:00+08:00); "
        "a time without one is refused (422)."
    ),
    urls_namespace="api",
    renderer=UTF8Renderer(),
    parser=JSONParser(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _json_not_allowed(view: Callable) -> Callable:
    """A method a path does not take: 405 in the error shape (django-ninja answers plain text)."""

    @wraps(view)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            allowed = response["Allow"]
            response = api.create_response(request, error_body(405), status=405)
            response["Allow"] = allowed
        return response

    return answered


# ---------------------------------------------------------------- bodies are JSON
def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _has_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


def _json_bodies_only(run: Callable) -> Callable:
    """An operation that reads a JSON body answers 415 to any other body (a form, multipart,
    text), before anything reads it. Operations without a body ignore what is sent."""
    operation = run.__self__
    if not any(m.__ninja_param_source__ == "body" for m in operation.models):
        return run

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any):
        if _has_body(request) and not _is_json(request.content_type or ""):
            return api.create_response(request, error_body(415), status=415)
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(_json_bodies_only, mode="view")


# ---------------------------------------------------------------- errors
def _validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        name = ".".join(loc) or "__all__"
        kind = err.get("type", "")
        if kind == "missing":
            text = _("此项为必填项。")
        elif kind in {"string_too_long"}:
            text = _("内容太长。")
        elif kind == "timezone_aware":
            text = _("请写明时区，例如 2026-05-01T09:00:00+08:00。")
        elif kind.startswith(("int_", "float_", "decimal_")) or kind in {
            "greater_than",
            "greater_than_equal",
            "less_than",
            "less_than_equal",
        }:
            text = _("请输入有效的数字。")
        else:
            text = _("此项的值无效。")
        fields.setdefault(name, []).append(text)
    return fields


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    if any(err.get("loc", ("",))[0] == "path" for err in exc.errors):
        # a path that names nothing (an id out of range) is not found, like an unknown id
        return api.create_response(request, error_body(404), status=404)
    return api.create_response(
        request, error_body(422, fields=_validation_fields(exc.errors)), status=422
    )


@api.exception_handler(InvalidCursor)
def on_invalid_cursor(request: HttpRequest, exc: InvalidCursor):
    """A list's ``after`` that no page of this list wrote (core.paging, strict)."""
    return api.create_response(request, error_body(422, fields={"after": [str(exc)]}), status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, error_body(401), status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    """django-ninja's own HTTP answers (a refusal by the rules is a ServiceError)."""
    return api.create_response(request, error_body(exc.status_code), status=exc.status_code)


@api.exception_handler(ServiceError)
def on_refusal(request: HttpRequest, exc: ServiceError):
    body = error_body(exc.status, exc.message, exc.fields, exc.code)
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, error_body(404), status=404)


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, error_body(403), status=403)


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception):
    """Anything else: logged with its traceback as Django logs a 500 (and signalled, so the
    test client re-raises it), answered in the error shape — never the traceback, whatever
    DEBUG says."""
    got_request_exception.send(sender=None, request=request)
    response = api.create_response(request, error_body(500), status=500)
    log_response(
        "Internal Server Error: %s", request.path, response=response, request=request, exception=exc
    )
    return response


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError):
    """A net, not a fix: a constraint the validation missed is a conflict, logged for a fix."""
    logger.error("database refused %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, error_body(409), status=409)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError):
    """A net, not a fix: a value the database cannot hold is invalid input, logged for a fix."""
    logger.error("database refused %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, error_body(422), status=422)
