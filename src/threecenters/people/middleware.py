"""Bearer tokens for the API; idle timeout, absolute session lifetime and the two-factor
enrolment gate for browser sessions."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from threecenters.core import roles
from threecenters.core.audit import audit_record

SESSION_AUTH_AT = "tc_auth_at"
SESSION_SEEN = "tc_seen"
SESSION_2FA_SETUP = "tc_2fa_setup"


def _too_many(retry_after: int) -> JsonResponse:
    from threecenters.core.http_errors import error_body

    response = JsonResponse(
        error_body(429, _("无效的接口令牌太多，请稍后再试。")),
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(retry_after)
    return response


class BearerTokenMiddleware:
    """``Authorization: Bearer <token>`` on /api/ signs the request in as the token's owner.
    A bad, expired or revoked token is a 401, never a fallback. Refusals are counted per client
    address (``people.services.refusal_record``: the first of a window is audited, the rest go
    into one summary entry); past ``THREECENTERS_REFUSAL_LIMIT`` in a window that address gets
    429 with ``Retry-After`` and no token is looked at until the window ends."""

    ACTION = "token.rejected"
    LABEL = "bearer"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.path.startswith("/api/") and header[:7].lower() == "bearer ":
            from threecenters.core.http_errors import error_body
            from threecenters.people.services import (
                refusal_over_limit,
                refusal_record,
                token_authenticate,
            )

            wait = refusal_over_limit(action=self.ACTION, label=self.LABEL)
            if wait is not None:
                refusal_record(action=self.ACTION, label=self.LABEL)
                return _too_many(wait)
            user = token_authenticate(header[7:])
            if user is None:
                tally = refusal_record(action=self.ACTION, label=self.LABEL)
                if tally.over_limit:
                    return _too_many(tally.retry_after)
                return JsonResponse(
                    error_body(401, _("接口令牌无效或已过期。"), code="invalid_token"),
                    status=401,
                    json_dumps_params={"ensure_ascii": False},
                )
            request.user = user
            request.tc_bearer = True
            # A bearer token is not sent by browsers on their own, so CSRF does not apply.
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


def _is_staff_like(user) -> bool:
    from threecenters.people.rules import STAFF_LIKE

    return roles.has_role(user, *STAFF_LIKE)


# The last-seen time is written to the session at most this often (seconds): each write is a
# database write, and the idle timeouts (30 minutes and more) need no finer clock.
SEEN_GRANULARITY = 60


def _idle_timeout(user, idle_for: int) -> int:
    """The idle timeout that applies to ``user``; the roles are only looked up when the idle
    time could exceed the shorter timeout (most requests come well within both)."""
    shortest = min(settings.IDLE_TIMEOUT_STAFF, settings.IDLE_TIMEOUT_RESIDENT)
    if idle_for <= shortest:
        return shortest
    return settings.IDLE_TIMEOUT_STAFF if _is_staff_like(user) else settings.IDLE_TIMEOUT_RESIDENT


class SessionGuardMiddleware:
    EXEMPT_PREFIXES = ("/static/", "/healthz", "/readyz", "/i18n/", "/prefs/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # the path first: a health probe or a static file loads no session and no user
        exempt = request.path.startswith(self.EXEMPT_PREFIXES)
        user = None if exempt else getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(request, "tc_bearer", False):
            refused = self._check(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _check(self, request, user):
        session = request.session
        now = int(time.time())
        started = session.get(SESSION_AUTH_AT)
        seen = session.get(SESSION_SEEN)
        if started is None:
            session[SESSION_AUTH_AT] = started = now
        reason = None
        if now - started > settings.SESSION_COOKIE_AGE:
            reason = "absolute"
        elif seen is not None and now - seen > _idle_timeout(user, now - seen):
            reason = "idle"
        if reason is not None:
            audit_record(actor=user, action="auth.timeout", changes={"reason": reason})
            logout(request)
            if request.path.startswith("/api/"):
                from threecenters.core.http_errors import error_body

                return JsonResponse(
                    error_body(401, _("登录已超时，请重新登录。")),
                    status=401,
                    json_dumps_params={"ensure_ascii": False},
                )
            messages.info(request, _("您长时间未操作，为保护账号安全已自动退出，请重新登录。"))
            target = reverse("people:signin")
            if request.method == "GET":
                from urllib.parse import urlencode

                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        if seen is None or now - seen >= SEEN_GRANULARITY:
            session[SESSION_SEEN] = now
        if session.get(SESSION_2FA_SETUP):
            allowed = {
                reverse("people:two-factor"),
                reverse("core:signout"),
            }
            if request.path not in allowed and not request.path.startswith("/api/"):
                return redirect("people:two-factor")
            if request.path.startswith("/api/"):
                from threecenters.core.http_errors import error_body

                return JsonResponse(
                    error_body(403, _("请先开启两步验证。"), code="two_factor_required"),
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
        return None
