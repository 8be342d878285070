"""The whole stilt-floor story in a real browser, in Chinese: a community worker submits, the
governance center assigns two experts, they visit and score, the center rejects, and the worker
reads the reasons. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import ARTIFACTS, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
needs_browser = os.environ.get("THREECENTERS_REQUIRE_BROWSER") == "1"


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM):
        if needs_browser:
            pytest.fail("chromium is required (THREECENTERS_REQUIRE_BROWSER=1)")
        pytest.skip("chromium is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def plain_http():
    """The live server speaks plain HTTP: its middleware reads these when the server starts, so
    they are set before ``live_server`` (session-scoped) is created."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0


@pytest.fixture
def live(plain_http, live_server, settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server.url


def sign_in(browser, live: str, username: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{live}/accounts/signin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"proposals-{name}.png"), full_page=True)


def test_the_stilt_floor_story_from_submission_to_the_reasons(browser, live, personas, world):
    from tests.conftest import Role, make_user
    from threecenters.proposals.models import Proposal

    expert2 = make_user("expert2", Role.EXPERT, area=world["subdistrict"])

    # 1. the community worker submits the proposal
    worker = sign_in(browser, live, "worker_jiaolong")
    worker.goto(f"{live}/proposals/new/")
    form = {
        "title": "锦华苑架空层社区活动中心",
        "address": "锦华苑小区 5 栋",
        "building_part": "架空层",
        "latitude": "30.6241",
        "longitude": "103.9392",
        "area_m2": "60",
        "expected_daily_participants": "80",
        "target_groups": "老年人、儿童",
        "opening_hours": "9:00–21:00",
        "budget_yuan": "180000.00",
        "duration_months": "12",
        "description": "利用架空层改造社区活动中心。",
    }
    for name, value in form.items():
        worker.fill(f"[name={name}]", value)
    worker.select_option("[name=type]", "activity_space")
    worker.select_option("[name=funding_source]", "security_fund")
    shot(worker, "1-submit")
    worker.click("button[name=submit]")
    worker.wait_for_load_state()
    assert "提案已提交" in worker.content()
    proposal = Proposal.objects.get()
    url = f"{live}/proposals/{proposal.pk}/"

    # 2. the governance center assigns two experts
    staff = sign_in(browser, live, "governance_staff")
    for expert in (personas["expert"], expert2):
        staff.goto(url)
        staff.select_option("[name=expert]", str(expert.pk))
        staff.click("form[action$='/assign/'] button[type=submit]")
        staff.wait_for_load_state()
        assert "已指派专家" in staff.content()
    shot(staff, "2-assigned")

    # 3. each expert visits and scores low on space and reach
    for login in ("expert", "expert2"):
        page = sign_in(browser, live, login)
        page.goto(f"{url}visit/")
        page.fill("[name=visited_on]", "2026-05-12")
        page.fill("[name=places]", "锦华苑 5 栋架空层、小区中庭")
        page.fill("[name=interviewed_count]", "6")
        page.fill("[name=interviewed_roles]", "物业、楼栋长、居民")
        page.fill("[name=measured_area_m2]", "48.5")
        page.fill("[name=foot_traffic_count]", "17")
        page.fill("[name=traffic_from]", "2026-05-12T15:00")
        page.fill("[name=traffic_to]", "2026-05-12T17:00")
        page.fill("[name=measurements]", "净高, 2.55, 米")
        page.fill("[name=findings]", "小区面积不够，周边人流量较少。")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        assert "走访记录已保存" in page.content()
        page.goto(f"{url}score/")
        for code, value in {
            "necessity": "3",
            "space": "1",
            "reach": "1",
            "cost_benefit": "2",
            "sustainability": "2",
            "safety": "3",
        }.items():
            page.select_option(f"[name=score_{code}]", value)
        page.fill("[name=comment_space]", "小区面积不够")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        assert "评分已提交" in page.content()
        if login == "expert2":
            shot(page, "3-expert-after-scoring")

    # 4. the center rejects for 面积不足 and 人流量不足
    staff.goto(f"{url}decide/")
    staff.check("input[name=outcome][value=rejected]")
    staff.check("input[name=reason_codes][value=area]")
    staff.check("input[name=reason_codes][value=traffic]")
    staff.fill("[name=explanation]", "小区面积不够，周边人流量较少，建议利用党群服务中心现有空间。")
    shot(staff, "4-decide")
    staff.click("main button[type=submit]")
    staff.wait_for_load_state()
    assert "决定已保存" in staff.content()

    staff.goto(f"{live}/staff/proposals/?state=decided")
    assert "锦华苑架空层社区活动中心" in staff.inner_text("main")
    shot(staff, "4b-board")

    # 5. the worker reads the decision, the reasons and the findings, but no scores
    worker.goto(url)
    text = worker.inner_text("main")
    shot(worker, "5-applicant-reads-reasons")
    assert "不通过" in text and "面积不足" in text and "人流量不足" in text
    assert "建议利用党群服务中心现有空间" in text
    assert "小区面积不够，周边人流量较少。" in text
    assert "加权得分" not in text

    # and the saved cost appears
    worker.goto(f"{live}/proposals/saved-cost/")
    assert "180,000.00" in worker.inner_text("main")
    shot(worker, "6-saved-cost")
