"""Search in the main navigation (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import MAIN, Link, register_link


def register() -> None:
    register_link(MAIN, Link("search", _("搜索"), "search:search", order=50))
