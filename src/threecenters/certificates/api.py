"""The certificates API: public verification by token and the signed-in person's list."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from threecenters.api import signed_in
from threecenters.certificates import selectors
from threecenters.certificates.models import Certificate
from threecenters.core.kit import ServiceError

router = Router(tags=["certificates"])


class DetailOut(Schema):
    label: str
    value: str


class CertificateOut(Schema):
    number: str
    kind: str
    kind_label: str
    title: str
    valid: bool
    revoked_at: datetime | None
    subject: str
    details: list[DetailOut]
    issuer: str
    issued_at: datetime
    holder: str  # masked
    url: str


class MyCertificateOut(CertificateOut):
    token: str
    pdf_url: str


def _out(request: HttpRequest, c: Certificate) -> dict:
    return {
        "number": c.number,
        "kind": c.kind,
        "kind_label": c.kind_label,
        "title": c.title,
        "valid": not c.revoked,
        "revoked_at": c.revoked_at,
        "subject": c.subject,
        "details": [{"label": label, "value": value} for label, value in c.shown_details()],
        "issuer": c.issuer_name,
        "issued_at": c.issued_at,
        "holder": c.masked_holder_name,
        "url": request.build_absolute_uri(c.get_absolute_url()),
    }


@router.get(
    "/certificates/{token}", response=CertificateOut, summary="Verify a certificate (public)"
)
def verify_certificate(request: HttpRequest, token: str):
    certificate = selectors.by_token(token)
    if certificate is None:
        raise ServiceError(
            _("没有找到这张证书，请核对链接或二维码。"), code="not_found", status=404
        )
    return _out(request, certificate)


@router.get(
    "/me/certificates",
    response=list[MyCertificateOut],
    auth=signed_in,
    summary="The signed-in person's certificates",
)
def my_certificates(request: HttpRequest):
    out = []
    for c in selectors.certificates_of(request.user)[:200]:
        row = _out(request, c)
        row["token"] = c.token
        row["pdf_url"] = request.build_absolute_uri(reverse("certificates:pdf", args=[c.token]))
        out.append(row)
    return out
