"""Every write of the certificates kernel: issue and revoke, one transaction each, audited, the
holder notified. The calling app decides who may issue (it knows its records); revoking is for
the issuing staff (``rules.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.certificates.models import Certificate, NumberCounter
from threecenters.certificates.registry import get_kind
from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError, refusal_audit, service
from threecenters.core.models import Center, Organisation, User
from threecenters.notify.services import notification_send


def number_allocate(*, number_prefix: str, year: int) -> str:
    """The next number for a kind and year. The counter row is advanced by one conditional
    UPDATE (created first if missing); the UPDATE holds the row until the caller's transaction
    ends, so concurrent issuers queue on it and each reads its own value."""
    prefix = "-".join(p for p in (settings.CERTIFICATE_PREFIX, number_prefix) if p)
    counter = NumberCounter.objects.filter(prefix=prefix, year=year)
    if not counter.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                NumberCounter.objects.create(prefix=prefix, year=year, last=0)
        except IntegrityError:
            pass  # another issuer created it first; its row is committed now
        counter.update(last=F("last") + 1)
    last = counter.values_list("last", flat=True).get()
    return f"{prefix}-{year}-{last:06d}"


def _issuer_name(center: Center | None, organisation: Organisation | None) -> str:
    names = [obj.name for obj in (organisation, center) if obj is not None]
    return " · ".join(names)[:120]


def _existing(kind: str, holder: User, source_type, source_id) -> Certificate | None:
    return Certificate.objects.filter(
        kind=kind, holder=holder, source_type=source_type, source_id=source_id
    ).first()


@service
def certificate_issue(
    *,
    actor: User | None,
    kind: str,
    holder: User,
    subject: str,
    issuer_center: Center | None = None,
    issuer_organisation: Organisation | None = None,
    source: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> Certificate:
    """Issue one certificate. With a ``source`` record it is issued once per (kind, holder,
    source): asking again returns the certificate already issued (revoked or not)."""
    spec = get_kind(kind)
    if spec is None:
        raise ServiceError(_("未知的证书类别。"), code="unknown_kind", status=422, field="kind")
    subject = " ".join((subject or "").split())
    if not subject or len(subject) > 300:
        raise ServiceError(
            _("请写明证明事项（不超过 300 字）。"), code="bad_subject", status=422, field="subject"
        )
    if issuer_center is None and issuer_organisation is None:
        raise ServiceError(_("证书须有颁发单位。"), code="no_issuer", status=422, field="issuer")
    if details is not None and not isinstance(details, dict):
        raise ServiceError(_("此项的值无效。"), code="bad_details", status=422, field="details")
    source_type = source_id = None
    if source is not None:
        source_type, source_id = ContentType.objects.get_for_model(source), source.pk
        existing = _existing(kind, holder, source_type, source_id)
        if existing is not None:
            return existing
    issued_at = timezone.now()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                number=number_allocate(
                    number_prefix=spec.number_prefix, year=timezone.localtime(issued_at).year
                ),
                kind=kind,
                issuer_name=_issuer_name(issuer_center, issuer_organisation),
                issuer_center=issuer_center,
                issuer_organisation=issuer_organisation,
                holder=holder,
                holder_name=(holder.display_name or holder.get_username())[:60],
                subject=subject,
                details=details or {},
                issued_at=issued_at,
                issued_by=actor,
                source_type=source_type,
                source_id=source_id,
            )
    except IntegrityError:
        # the same source certified at the same moment by someone else: theirs stands
        existing = _existing(kind, holder, source_type, source_id) if source else None
        if existing is None:
            raise
        return existing
    audit_record(
        actor=actor,
        action="certificates.issue",
        obj=certificate,
        changes={"kind": kind, "holder": holder.pk, "number": certificate.number},
    )
    notification_send(
        user=holder,
        kind="certificates.issued",
        title=_("您获得了%(label)s") % {"label": spec.label},
        body=_("%(issuer)s为您颁发了%(label)s（%(subject)s），编号 %(number)s。")
        % {
            "issuer": certificate.issuer_name,
            "label": spec.label,
            "subject": subject,
            "number": certificate.number,
        },
        url=certificate.get_absolute_url(),
    )
    return certificate


@service
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate: its verification page and API say so at once, with the date."""
    if not actor.has_perm("certificates.revoke", certificate):
        refusal_audit(actor=actor, action="certificates.revoke", obj=certificate)
        raise ServiceError(_("您没有权限执行此操作。"), status=403)
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 300:
        raise ServiceError(
            _("请填写撤销原因（不超过 300 字）。"), code="bad_reason", status=422, field="reason"
        )
    now = timezone.now()
    if not Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoke_reason=reason
    ):
        raise ServiceError(_("该证书已被撤销。"), code="already_revoked", status=409)
    certificate.revoked_at, certificate.revoke_reason = now, reason
    audit_record(
        actor=actor, action="certificates.revoke", obj=certificate, changes={"reason": reason}
    )
    notification_send(
        user=certificate.holder,
        kind="certificates.revoked",
        title=_("您的证书 %(number)s 已被撤销") % {"number": certificate.number},
        body=_("撤销原因：%(reason)s") % {"reason": reason},
        url=certificate.get_absolute_url(),
    )
    return certificate
