"""Formatting helpers: money in fen shown per language."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def fen(value):
    """12345 (fen) → ¥123.45 in both languages, with the locale's grouping."""
    if value in (None, ""):
        return ""
    amount = int(value)
    sign = "-" if amount < 0 else ""
    yuan = number_format(Decimal(abs(amount)) / 100, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("%(sign)s¥%(amount)s") % {"sign": sign, "amount": yuan}
