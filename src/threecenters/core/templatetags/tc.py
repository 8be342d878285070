"""Formatting helpers (money in fen shown per language) and the shell's panels."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from threecenters.core import shell

register = template.Library()


@register.filter
def fen(value):
    """12345 (fen) → ¥123.45; grouped by thousands as both zh-CN and en readers expect for yuan."""
    if value in (None, ""):
        return ""
    amount = int(value)
    sign = "-" if amount < 0 else ""
    yuan = f"{Decimal(abs(amount)) / 100:,.2f}"
    return _("%(sign)s¥%(amount)s") % {"sign": sign, "amount": yuan}


@register.simple_tag(takes_context=True)
def shell_panels(context, place: str, record):
    """The panels apps registered for ``place`` (core.shell), rendered for ``record``."""
    return shell.render_panels(
        shell.panels(place, record),
        request=context.get("request"),
        record=record,
        base=context.flatten(),
    )


@register.simple_tag(takes_context=True)
def center_services(context, center):
    """The entrances apps registered for this center's kind (core.shell.register_service)."""
    request = context.get("request")
    return shell.services(center, getattr(request, "user", None))
