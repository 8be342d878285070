"""The REST API under /api/v1/: one NinjaAPI, routers from the apps, errors as
{"code", "message", "fields"} with honest status codes and messages in the request's language."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from threecenters.core.kit import ServiceError

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def status_message(status: int) -> str:
    messages = {
        400: _("请求格式不正确。"),
        401: _("请先登录。"),
        403: _("您没有权限执行此操作。"),
        404: _("找不到您要的内容。"),
        405: _("不支持此请求方法。"),
        409: _("操作与当前状态冲突。"),
        422: _("提交的内容有误，请检查后再试。"),
        429: _("操作太频繁，请稍后再试。"),
        500: _("服务器出错了，请稍后再试。"),
    }
    return messages.get(status, messages[400])


def error_body(
    status: int, message: str | None = None, fields: dict | None = None, code: str | None = None
) -> dict:
    return {
        "code": code or STATUS_CODES.get(status, "error"),
        "message": message or status_message(status),
        "fields": fields or {},
    }


class UTF8Renderer(JSONRenderer):
    """Chinese as UTF-8, not \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


class ApiError(HttpError):
    """Raise from an endpoint for a refusal with a specific code, message and field errors."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict | None = None,
    ):
        super().__init__(status, message or status_message(status))
        self.code = code
        self.fields = fields or {}


api = NinjaAPI(
    title="Three Centers API",
    version="1",
    urls_namespace="api",
    renderer=UTF8Renderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


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
        elif kind.startswith(("int_", "float_", "decimal_")):
            text = _("请输入有效的数字。")
        else:
            text = _("此项的值无效。")
        fields.setdefault(name, []).append(text)
    return fields


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    return api.create_response(
        request, error_body(422, fields=_validation_fields(exc.errors)), status=422
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, error_body(401), status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    status = exc.status_code
    if isinstance(exc, ApiError):
        body = error_body(status, str(exc), exc.fields, exc.code)
    else:
        body = error_body(status)
    return api.create_response(request, body, status=status)


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


def register_routers() -> None:
    from threecenters.core.api import router as core_router
    from threecenters.events.api import router as events_router
    from threecenters.governance.api import router as governance_router
    from threecenters.notify.api import router as notify_router
    from threecenters.people.api import router as people_router
    from threecenters.proposals.api import router as proposals_router
    from threecenters.reviews.api import router as reviews_router
    from threecenters.search.api import router as search_router

    api.add_router("/", core_router)
    api.add_router("/", search_router)
    api.add_router("/", governance_router)
    api.add_router("/", notify_router)
    api.add_router("/", events_router)
    api.add_router("/", people_router)
    api.add_router("/", proposals_router)
    api.add_router("/", reviews_router)


register_routers()
