"""The inbox in the shell (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import MINE, SIGNED_IN, Link, register_link


def register() -> None:
    register_link(MINE, Link("inbox", _("消息"), "notify:inbox", order=30, audience=SIGNED_IN))
