"""What core itself puts in the shell (core.shell): the home page, news and the workspace."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import MAIN, WORKSPACE, Link, Todo, register_link, register_todo


def _task_failures(user) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from threecenters.core.models import TaskFailure

    since = timezone.now() - timedelta(days=7)
    return TaskFailure.objects.filter(at__gte=since, will_retry=False).count()


def register() -> None:
    register_link(MAIN, Link("home", _("首页"), "core:home", order=10))
    register_link(MAIN, Link("news", _("新闻动态"), "core:news", order=20))
    register_link(
        MAIN, Link("workspace", _("工作台"), "core:workspace", order=60, perm="core.use_workspace")
    )
    register_link(
        WORKSPACE,
        Link("news", _("新闻管理"), "core:staff-news", order=10, perm="core.use_workspace"),
    )
    register_link(
        WORKSPACE,
        Link(
            "organisations",
            _("组织管理"),
            "core:staff-organisations",
            order=20,
            perm="core.use_workspace",
        ),
    )
    register_link(
        WORKSPACE,
        Link(
            "task-failures",
            _("后台任务"),
            "core:staff-task-failures",
            order=90,
            perm="core.view_task_failures",
            badge=_task_failures,
        ),
    )
    register_todo(
        Todo(
            "task-failures",
            _("失败的后台任务（近 7 天）"),
            "core:staff-task-failures",
            _task_failures,
            order=90,
            perm="core.view_task_failures",
        )
    )
