"""The inbox and the SMS log in the shell (core.shell)."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import MINE, SIGNED_IN, WORKSPACE, Link, register_link


def register() -> None:
    register_link(MINE, Link("inbox", _("消息"), "notify:inbox", order=30, audience=SIGNED_IN))
    register_link(
        WORKSPACE,
        Link(
            "sms-log",
            _("短信发送记录"),
            "notify:staff-sms-log",
            order=54,
            perm="notify.view_sms_log",
        ),
    )
