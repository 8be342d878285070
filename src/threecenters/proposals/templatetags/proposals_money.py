from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """12345 → "123.45" with thousands separators; empty for None."""
    if fen is None or fen == "":
        return ""
    return f"{Decimal(int(fen)) / 100:,.2f}"
