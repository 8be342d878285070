"""The certificate as a PDF: A4 landscape, drawn with ReportLab in the CJK font of
``THREECENTERS_CJK_FONT`` (a subset is embedded), with the verification URL and its QR code."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from threecenters.certificates.models import Certificate

INK = HexColor("#1f2a44")
ACCENT = HexColor("#a8322d")


class FontMissing(RuntimeError):
    """The configured CJK font file is not there (the deploy check warns about it)."""


@cache
def _font(path: str) -> str:
    if not Path(path).is_file():
        raise FontMissing(path)
    name = "TCCJK-" + Path(path).stem
    # subfontIndex picks the first face of a TTC; plain TTF files have just that one
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    return name


def _style(font: str, size: float, **extra) -> ParagraphStyle:
    values = {"fontName": font, "fontSize": size, "leading": size * 1.45, "textColor": INK}
    return ParagraphStyle(name=f"s{size}", wordWrap="CJK", **{**values, **extra})


def _paragraph(
    canvas: Canvas, text: str, style: ParagraphStyle, x: float, top: float, width: float
):
    """Draw a wrapped paragraph whose top edge is at ``top``; returns the next free y."""
    from xml.sax.saxutils import escape

    para = Paragraph(escape(text), style)
    _w, height = para.wrapOn(canvas, width, 1000)
    para.drawOn(canvas, x, top - height)
    return top - height


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m")
    rows = list(qr.matrix_iter(border=2))
    cell = size / len(rows)
    canvas.setFillColor(HexColor("#000000"))
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(x + c * cell, y + size - (r + 1) * cell, cell, cell, stroke=0, fill=1)


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    font = _font(settings.CJK_FONT)
    out = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1)
    site = settings.SITE_NAME or _("三中心")
    canvas.setTitle(f"{certificate.title} {certificate.number}")
    canvas.setAuthor(certificate.issuer_name)
    canvas.setSubject(certificate.subject)

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    left, text_width = 30 * mm, width - 60 * mm
    y = height - 32 * mm
    y = _paragraph(
        canvas, certificate.title, _style(font, 30, alignment=TA_CENTER), left, y, text_width
    )
    y = _paragraph(
        canvas,
        _("%(site)s平台记录") % {"site": site},
        _style(font, 12, alignment=TA_CENTER, textColor=ACCENT),
        left,
        y - 2 * mm,
        text_width,
    )
    y = _paragraph(
        canvas,
        _("编号：%(number)s") % {"number": certificate.number},
        _style(font, 11, alignment=TA_CENTER),
        left,
        y - 2 * mm,
        text_width,
    )
    body = _style(font, 16)
    y = _paragraph(
        canvas,
        _("兹证明 %(name)s：") % {"name": certificate.masked_holder_name},
        body,
        left,
        y - 12 * mm,
        text_width,
    )
    y = _paragraph(
        canvas,
        certificate.subject,
        _style(font, 18, leftIndent=10 * mm),
        left,
        y - 3 * mm,
        text_width,
    )
    for label, value in certificate.shown_details():
        y = _paragraph(
            canvas,
            _("%(label)s：%(value)s") % {"label": label, "value": value},
            _style(font, 12, leftIndent=10 * mm),
            left,
            y - 1.5 * mm,
            text_width,
        )
    if certificate.revoked:
        y = _paragraph(
            canvas,
            _("本证书已于 %(date)s 撤销。")
            % {"date": f"{timezone.localtime(certificate.revoked_at):%Y-%m-%d}"},
            _style(font, 16, textColor=ACCENT),
            left,
            y - 6 * mm,
            text_width,
        )

    qr_size = 34 * mm
    qr_x, qr_y = width - 30 * mm - qr_size, 24 * mm
    _qr(canvas, verify_url, qr_x, qr_y, qr_size)
    issued = timezone.localtime(certificate.issued_at)
    foot_width = qr_x - left - 8 * mm
    foot = _style(font, 12)
    top = qr_y + qr_size + 6 * mm
    top = _paragraph(
        canvas,
        _("颁发单位：%(issuer)s") % {"issuer": certificate.issuer_name},
        foot,
        left,
        top,
        foot_width,
    )
    top = _paragraph(
        canvas,
        _("颁发日期：%(date)s") % {"date": f"{issued:%Y-%m-%d}"},
        foot,
        left,
        top,
        foot_width,
    )
    _paragraph(
        canvas,
        _(
            "本证书是%(site)s平台记录，由%(issuer)s颁发，不是其他机构的官方证明。"
            "扫描右侧二维码或打开下面的网址可核验真伪：%(url)s"
        )
        % {"site": site, "issuer": certificate.issuer_name, "url": verify_url},
        _style(font, 10),
        left,
        top - 3 * mm,
        foot_width,
    )
    canvas.showPage()
    canvas.save()
    return out.getvalue()
