"""The proposals app's entries in the shell (core.shell) and its panel on the governance
center's page."""

from django.utils.translation import gettext_lazy as _

from threecenters.core.shell import (
    CENTER,
    MAIN,
    MINE,
    WORKSPACE,
    Link,
    Panel,
    Todo,
    register_link,
    register_panel,
    register_todo,
)


def _is_governance_center(center) -> bool:
    return center.kind == "governance"


def _in_state(state: str):
    """The board's own filter counts the to-do item, so the count is what the link shows."""

    def count(user) -> int:
        from threecenters.proposals import selectors

        return (
            selectors.BoardFilter.parse({"state": state})
            .apply(selectors.board_queryset(user))
            .count()
        )

    return count


def register() -> None:
    register_link(
        MAIN,
        Link(
            "proposals-queue",
            _("评审任务"),
            "proposals:queue",
            order=71,
            perm="proposals.view_queue",
        ),
    )
    register_link(
        MAIN,
        Link(
            "proposals-board",
            _("提案评审看板"),
            "proposals:board",
            order=72,
            perm="proposals.view_board",
        ),
    )
    register_link(
        MINE,
        Link("proposals", _("我的提案"), "proposals:mine", order=20, perm="proposals.view_mine"),
    )
    register_link(
        WORKSPACE,
        Link("proposals", _("提案评审"), "proposals:board", order=45, perm="proposals.view_board"),
    )
    register_link(
        WORKSPACE,
        Link(
            "experts",
            _("智库专家库"),
            "proposals:experts",
            order=46,
            perm="proposals.manage_experts",
        ),
    )
    for key, label, state, order in (
        ("proposals-submitted", _("新提交的提案（待资格审查、分配专家）"), "submitted", 20),
        ("proposals-review", _("评审中的提案（待评分、决定）"), "under_review", 21),
    ):
        register_todo(
            Todo(
                key,
                label,
                "proposals:board",
                _in_state(state),
                order=order,
                perm="proposals.view_board",
                query=f"state={state}",
            )
        )
    register_panel(
        CENTER,
        Panel(
            "saved-cost",
            "proposals/includes/center_link.html",
            order=50,
            applies=_is_governance_center,
        ),
    )
