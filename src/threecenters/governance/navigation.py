"""The case library's entries in the shell (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import MAIN, WORKSPACE, Link, register_link


def register() -> None:
    register_link(MAIN, Link("cases", _("治理案例"), "governance:case-list", order=40))
    register_link(
        WORKSPACE,
        Link(
            "cases",
            _("案例管理"),
            "governance:staff-cases",
            order=40,
            perm="governance.write_cases",
        ),
    )
