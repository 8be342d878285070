"""The one error shape every door answers with, ``{"code", "message", "fields"}``: the API's
handlers (``threecenters.api``), the error pages when an ``/api/`` path fails (``core.views``)
and the middleware that refuses a token or a session before any view runs."""

from __future__ import annotations

from django.utils.translation import gettext as _

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    415: "unsupported_media_type",
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
        415: _("请以 JSON 格式提交（Content-Type: application/json）。"),
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
