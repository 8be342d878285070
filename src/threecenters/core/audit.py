"""The audit trail: every important action with who, when, where from, what and the outcome.

Services call ``audit_record`` inside their transaction. The request's IP address and user agent
come from ``AuditContextMiddleware`` through a context variable, so services need no request.
"""

from __future__ import annotations

import contextvars
import ipaddress
from dataclasses import dataclass
from typing import Any

from django.db import models

from threecenters.core.models import AuditEntry, User


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None
    user_agent: str


_request_info: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "threecenters_request_info", default=None
)


def _address(raw: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_proxy(address, *, peer: bool) -> bool:
    from django.conf import settings

    if peer and settings.TRUST_ANY_PROXY:
        return True
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str | None:
    """The client's address, the one every per-address limit and audit entry uses.

    ``REMOTE_ADDR``, unless that peer is a trusted proxy (``THREECENTERS_FORWARDED_ALLOW_IPS``,
    the list ``serve`` gives gunicorn; ``*`` trusts any peer); then the right-most
    ``X-Forwarded-For`` address that is not itself a trusted proxy. Entries left of it were
    written by the client and are never believed; a malformed entry ends the walk at the last
    good address."""
    if hasattr(request, "_tc_client_ip"):
        return request._tc_client_ip
    address = _address(request.META.get("REMOTE_ADDR"))
    if address is not None and _is_proxy(address, peer=True):
        for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            hop = _address(entry)
            if hop is None:
                break
            address = hop
            if not _is_proxy(hop, peer=False):
                break
    request._tc_client_ip = str(address) if address is not None else None
    return request._tc_client_ip


def request_ip() -> str | None:
    """The current request's client address (for services, which get no request)."""
    info = _request_info.get()
    return info.ip if info else None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_info.set(
            RequestInfo(
                ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
            )
        )
        try:
            return self.get_response(request)
        finally:
            _request_info.reset(token)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    success: bool = True,
    label: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry; the address and user agent are the current request's (``ip`` names
    another address, for a summary written later than the refusals it counts)."""
    info = _request_info.get()
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=label or (actor.get_username() if is_user else ""),
        action=action,
        outcome=AuditEntry.Outcome.SUCCESS if success else AuditEntry.Outcome.FAILURE,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        ip=ip or (info.ip if info else None),
        user_agent=info.user_agent if info else "",
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """The fields whose value differs, as {field: [old, new]} with values made JSON-safe."""
    out: dict[str, list] = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            out[key] = [_plain(old), _plain(new)]
    return out


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


class PruneRefused(ValueError):
    """The requested date is inside the retention period."""


def audit_prune(*, before, label: str = "cli") -> int:
    """Delete audit entries older than ``before`` (an aware datetime) — only when ``before`` is
    at least ``THREECENTERS_AUDIT_RETENTION_DAYS`` (≥ 180) days ago. The database triggers let
    the DELETE through only while a grant row in ``threecenters_audit_prune`` covers the rows;
    the grant lives inside this one transaction."""
    from datetime import timedelta

    from django.conf import settings
    from django.db import connections, router, transaction
    from django.utils import timezone

    limit = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    if before > limit:
        raise PruneRefused(
            f"refusing: entries newer than {settings.AUDIT_RETENTION_DAYS} days are kept "
            f"(the latest allowed date is {timezone.localtime(limit):%Y-%m-%d})"
        )
    alias = router.db_for_write(AuditEntry)
    connection = connections[alias]
    value = connection.ops.adapt_datetimefield_value(before)
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO threecenters_audit_prune (before) VALUES (%s)", [value])
            cursor.execute("DELETE FROM core_auditentry WHERE at < %s", [value])
            deleted = cursor.rowcount
            cursor.execute("DELETE FROM threecenters_audit_prune")
        audit_record(
            actor=None,
            action="audit.prune",
            changes={"before": before.isoformat(), "deleted": deleted},
            label=label,
        )
    return deleted
