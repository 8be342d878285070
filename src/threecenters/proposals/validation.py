"""Checks shared by the forms and the API: money in yuan, points inside China, sizes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A generous box around the territory of the People's Republic of China (WGS-84).
CHINA_LAT = (Decimal("3.8"), Decimal("53.6"))
CHINA_LNG = (Decimal("73.4"), Decimal("135.1"))
MAX_BUDGET_FEN = 10**12  # 100 亿元 — anything above is a typing mistake


def yuan_to_fen(raw) -> int:
    """'12.5' → 1250. Refuses negatives, more than two decimals and junk."""
    if isinstance(raw, float):
        raw = repr(raw)
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("请输入有效的金额。"), code="invalid") from None
    if not value.is_finite():
        raise ValidationError(_("请输入有效的金额。"), code="invalid")
    if value < 0:
        raise ValidationError(_("金额不能为负数。"), code="negative")
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("金额最多保留两位小数（精确到分）。"), code="precision")
    fen = int((value * 100).to_integral_value())
    if fen > MAX_BUDGET_FEN:
        raise ValidationError(_("金额过大，请检查。"), code="too_large")
    return fen


def fen_to_yuan(fen: int | None) -> str:
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:.2f}"


def check_point(latitude: Decimal | None, longitude: Decimal | None) -> dict[str, str]:
    """Field errors for a point outside China or only half given."""
    errors: dict[str, str] = {}
    if (latitude is None) != (longitude is None):
        key = "longitude" if longitude is None else "latitude"
        errors[key] = _("请同时填写经度和纬度。")
        return errors
    if latitude is None:
        return errors
    if not CHINA_LAT[0] <= latitude <= CHINA_LAT[1]:
        errors["latitude"] = _("坐标不在中国境内，请检查纬度。")
    if not CHINA_LNG[0] <= longitude <= CHINA_LNG[1]:
        errors["longitude"] = _("坐标不在中国境内，请检查经度。")
    return errors
