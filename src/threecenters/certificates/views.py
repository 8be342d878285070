"""Pages of the certificates kernel: the public verification page, the PDF, revoking, and the
holder's list. Thin: they authorize with ``rules.py``, call one service and render."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from threecenters.certificates import selectors, services
from threecenters.certificates.models import Certificate
from threecenters.certificates.pdf import FontMissing, certificate_pdf
from threecenters.core.kit import ServiceError


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销原因"), max_length=300)


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=4, border=2, dark="#111", light="#fff")


def verify_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(certificate.get_absolute_url())


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/not_found.html", status=404)


@require_GET
@never_cache
def verify(request: HttpRequest, token: str) -> HttpResponse:
    certificate = selectors.by_token(token)
    if certificate is None:
        return _not_found(request)
    user = request.user
    may_pdf = user.has_perm("certificates.view_pdf", certificate)
    url = verify_url(request, certificate)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "verify_url": url,
            "qr": qr_svg(url) if may_pdf else "",
            "may_pdf": may_pdf,
            "may_revoke": not certificate.revoked
            and user.has_perm("certificates.revoke", certificate),
            "revoke_form": RevokeForm(),
        },
    )


@require_GET
@never_cache
def pdf(request: HttpRequest, token: str) -> HttpResponse:
    certificate = selectors.by_token(token)
    if certificate is None or not request.user.has_perm("certificates.view_pdf", certificate):
        return _not_found(request)
    try:
        data = certificate_pdf(certificate, verify_url=verify_url(request, certificate))
    except FontMissing:
        return render(request, "certificates/pdf_unavailable.html", status=503)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@require_POST
@login_required
def revoke(request: HttpRequest, token: str) -> HttpResponse:
    certificate = selectors.by_token(token)
    if certificate is None or not request.user.has_perm("certificates.revoke", certificate):
        return _not_found(request)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤销原因（不超过 300 字）。"))
        return redirect(certificate)
    try:
        services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("证书已撤销，核验页已显示撤销。"))
    return redirect(certificate)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    certificates = list(selectors.certificates_of(request.user)[:200])
    return render(request, "certificates/mine.html", {"certificates": certificates})
