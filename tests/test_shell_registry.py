"""The shell is filled by the apps (core.shell): navigation, workspace entries with their counts,
"我的" and panels on a center's page; core's templates name no app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from threecenters.core import shell
from threecenters.core.models import Center
from threecenters.people.models import DeletionRequest

CORE_TEMPLATES = Path(__file__).resolve().parent.parent / "src/threecenters/core/templates"
APPS = ("events", "governance", "notify", "people", "proposals", "reviews", "search")


def _nav(client, url="/") -> str:
    """The header: the phone menu (main entries, 我的 and signing in or out) and the wide bar."""
    html = client.get(url).content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.mark.django_db
def test_the_main_navigation_shows_each_person_the_entries_apps_registered(client_for):
    anonymous = _nav(client_for(None))
    for label in ("首页", "新闻动态", "活动", "治理案例", "搜索", "登录"):
        assert label in anonymous
    for label in ("工作台", "消息", "我的资料", "我的提案", "评审任务"):
        assert label not in anonymous
    resident = _nav(client_for("resident"))
    assert "消息" in resident and "我的资料" in resident and "退出登录" in resident
    assert "工作台" not in resident and "评审任务" not in resident
    worker = _nav(client_for("worker_jiaolong"))
    assert "工作台" in worker and "我的提案" in worker
    expert = _nav(client_for("expert"))
    assert "评审任务" in expert and "工作台" not in expert
    governance = _nav(client_for("governance_staff"))
    assert "提案评审看板" in governance


@pytest.mark.django_db
def test_the_workspace_lists_the_staff_pages_each_person_may_open_with_counts(client_for, personas):
    DeletionRequest.objects.create(user=personas["resident"], reason="搬走了")
    html = client_for("admin").get(reverse("core:workspace")).content.decode()
    side = html[html.index('class="side"') : html.index("</nav>", html.index('class="side"'))]
    for label in ("新闻管理", "组织管理", "活动管理", "案例管理", "居民档案", "删除申请"):
        assert label in side, label
    assert re.search(r"删除申请</a> <span class=\"badge\"[^>]*>1</span>", side)
    staff = client_for("incubator_staff").get(reverse("core:workspace")).content.decode()
    assert "删除申请" not in staff and "居民档案" not in staff


@pytest.mark.django_db
def test_a_link_an_app_registers_appears_without_touching_core(client_for):
    link = shell.Link("test-extra", "测试入口", "core:news", order=55)
    shell.register_link(shell.MAIN, link)
    try:
        assert "测试入口" in _nav(client_for("resident"), "/news/")
        with pytest.raises(ValueError):
            shell.register_link(shell.MAIN, shell.Link("test-extra", "别的", "core:home"))
    finally:
        del shell._links[shell.MAIN]["test-extra"]
    assert "测试入口" not in _nav(client_for("resident"), "/news/")


@pytest.mark.django_db
def test_the_governance_center_page_carries_the_proposals_panel_only(world, client):
    governance = world["centers"][Center.Kind.GOVERNANCE]
    incubator = world["centers"][Center.Kind.INCUBATOR]
    saved_cost = reverse("proposals:saved-cost")
    assert saved_cost in client.get(reverse("core:center", args=[governance.pk])).content.decode()
    assert (
        saved_cost not in client.get(reverse("core:center", args=[incubator.pk])).content.decode()
    )


def test_core_templates_name_no_app():
    offenders = []
    for path in CORE_TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for app in APPS:
            if re.search(rf"['\"]{app}[:/]", text) or f"shell_urls.{app}_" in text:
                offenders.append(f"{path.relative_to(CORE_TEMPLATES)} names {app}")
    assert not offenders, offenders
