"""Demo data: the stilt-floor (架空层) activity center the think tank turned down, an approved
micro-renewal in progress and a proposal sent back for revision. Idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from threecenters.core.models import Area, User
from threecenters.proposals import services
from threecenters.proposals.models import Expert, Proposal

STILT_TITLE = "蛟龙社区锦华苑架空层社区活动中心"
PARK_TITLE = "大井社区口袋公园微更新"
CLASS_TITLE = "蛟龙社区青少年“四点半课堂”"

EXPERTS = {
    "demo-expert": {
        "field": "社区规划与公共空间",
        "organisation": "西南交通大学建筑学院",
        "bio": "长期参与成都社区公共空间微更新，关注空间尺度与使用强度。",
        "contact_mobile": "13880001234",
        "communities": ["shijing"],
    },
    "demo-expert2": {
        "field": "社会工作与社区治理",
        "organisation": "双流区社会组织孵化中心",
        "bio": "社会工作师，熟悉社区服务项目评估与公益创投。",
        "contact_mobile": "13980005678",
        "communities": [],
    },
}

LOW = {"necessity": 3, "space": 1, "reach": 1, "cost_benefit": 2, "sustainability": 2, "safety": 3}
HIGH = {"necessity": 5, "space": 4, "reach": 4, "cost_benefit": 4, "sustainability": 4, "safety": 5}


def _scores(values: dict[str, int], comment: dict[str, str] | None = None):
    comment = comment or {}
    return {k: (v, comment.get(k, "")) for k, v in values.items()}


@transaction.atomic
def seed_demo() -> dict[str, int]:
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    needed = ["demo-jiaolong", "demo-dajing", "demo-governance", "demo-expert", "demo-expert2"]
    if any(n not in users for n in needed):
        return {"proposals": 0}
    communities = {a.slug: a for a in Area.objects.filter(level=Area.Level.COMMUNITY)}
    staff = users["demo-governance"]
    for login, data in EXPERTS.items():
        if not Expert.objects.filter(user=users[login]).exists():
            services.expert_save(
                actor=staff,
                user=users[login],
                field=data["field"],
                organisation=data["organisation"],
                bio=data["bio"],
                contact_mobile=data["contact_mobile"],
                communities=[communities[s] for s in data["communities"] if s in communities],
            )
    created = 0
    e1, e2 = users["demo-expert"], users["demo-expert2"]
    tz = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()

    if not Proposal.objects.filter(title=STILT_TITLE).exists():
        worker = users["demo-jiaolong"]
        p = services.proposal_save(
            actor=worker,
            community=communities["jiaolong"],
            title=STILT_TITLE,
            type="activity_space",
            address="九江街道锦华苑小区 5 栋",
            building_part="架空层",
            latitude=Decimal("30.624100"),
            longitude=Decimal("103.939200"),
            area_m2=Decimal("60.00"),
            expected_daily_participants=80,
            target_groups="老年人、儿童及家长",
            opening_hours="每天 9:00–21:00",
            budget_fen=18_000_000,
            funding_source="security_fund",
            duration_months=12,
            description=(
                "利用锦华苑 5 栋架空层改造社区活动中心，设置老年活动区、儿童阅读角和议事空间，"
                "方便居民就近开展活动。"
            ),
        )
        p = services.proposal_submit(actor=worker, proposal=p)
        for expert in (e1, e2):
            services.expert_assign(actor=staff, proposal=p, expert_user=expert)
        visit_day = today - timedelta(days=6)
        for expert, count, findings in [
            (
                e1,
                23,
                "架空层实测可用面积约 48 平方米，净高不足 2.6 米，且为消防通道的一部分；"
                "小区总面积小，周边没有可扩展空间。",
            ),
            (
                e2,
                17,
                "工作日 15:00–17:00 经过架空层的居民仅 17 人次，小区住户约 260 户，"
                "周边人流量较少；访谈的楼栋长和居民更希望在社区党群服务中心增加活动时段。",
            ),
        ]:
            start = datetime.combine(visit_day, datetime.min.time(), tz).replace(hour=15)
            services.site_visit_record(
                actor=expert,
                proposal=p,
                visited_on=visit_day,
                places="锦华苑 5 栋架空层、小区中庭、社区党群服务中心",
                interviewed_count=6,
                interviewed_roles="物业经理、楼栋长、居民",
                measured_area_m2=Decimal("48.50"),
                foot_traffic_count=count,
                traffic_from=start,
                traffic_to=start + timedelta(hours=2),
                measurements=[services.MeasurementInput("净高", Decimal("2.55"), "米")],
                findings=findings,
            )
            services.proposal_score(
                actor=expert,
                proposal=p,
                scores=_scores(LOW, {"space": "小区面积不够", "reach": "周边人流量较少"}),
                findings=findings,
            )
        services.proposal_decide(
            actor=staff,
            proposal=p,
            outcome="rejected",
            reason_codes=["area", "traffic"],
            explanation=(
                "经智库专家实地走访：锦华苑小区面积不够，架空层实测可用面积约 48 平方米；"
                "周边人流量较少。建议利用社区党群服务中心现有空间增加活动时段，避免重复投入。"
            ),
        )
        created += 1

    if not Proposal.objects.filter(title=PARK_TITLE).exists():
        worker = users["demo-dajing"]
        p = services.proposal_save(
            actor=worker,
            community=communities["dajing"],
            title=PARK_TITLE,
            type="micro_renewal",
            address="大井社区茶园路与井苑街交叉口闲置地块",
            building_part="",
            latitude=Decimal("30.610500"),
            longitude=Decimal("103.946800"),
            area_m2=Decimal("620.00"),
            expected_daily_participants=150,
            target_groups="周边居民、老人、儿童",
            opening_hours="全天开放",
            budget_fen=26_000_000,
            funding_source="venture",
            duration_months=6,
            description="把闲置地块改造成口袋公园：步道、座椅、儿童游戏区和共享菜园，由居民议事会共同维护。",
        )
        p = services.proposal_submit(actor=worker, proposal=p)
        for expert in (e1, e2):
            services.expert_assign(
                actor=staff,
                proposal=p,
                expert_user=expert,
                override_reason="",
            )
            services.proposal_score(
                actor=expert, proposal=p, scores=_scores(HIGH), findings="空间充足，周边需求明确。"
            )
        services.proposal_decide(
            actor=staff,
            proposal=p,
            outcome="approved",
            reason_codes=[],
            explanation="需求明确、空间充足、居民共建共管方案可行，同意实施。",
        )
        services.proposal_start(actor=staff, proposal=p)
        done = services.milestone_add(
            actor=worker,
            proposal=p,
            title="方案设计与居民议事",
            due_on=today - timedelta(days=30),
            weight=1,
        )
        services.milestone_complete(actor=worker, milestone=done)
        services.milestone_add(
            actor=worker,
            proposal=p,
            title="场地清理与步道施工",
            due_on=today - timedelta(days=3),
            weight=2,
        )
        services.milestone_add(
            actor=worker,
            proposal=p,
            title="座椅、游戏区安装与开放",
            due_on=today + timedelta(days=40),
            weight=2,
        )
        services.progress_update_add(
            actor=worker, proposal=p, text="居民议事会通过了设计方案，志愿者参与了场地清理。"
        )
        created += 1

    if not Proposal.objects.filter(title=CLASS_TITLE).exists():
        worker = users["demo-jiaolong"]
        p = services.proposal_save(
            actor=worker,
            community=communities["jiaolong"],
            title=CLASS_TITLE,
            type="service",
            address="蛟龙社区党群服务中心二楼",
            building_part="二楼活动室",
            latitude=Decimal("30.623500"),
            longitude=Decimal("103.938100"),
            area_m2=Decimal("90.00"),
            expected_daily_participants=30,
            target_groups="小学生及双职工家庭",
            opening_hours="工作日 16:30–18:30",
            budget_fen=12_000_000,
            funding_source="community_fund",
            duration_months=12,
            description="放学后为双职工家庭的孩子提供作业辅导和兴趣活动，由志愿者和社工共同开展。",
        )
        p = services.proposal_submit(actor=worker, proposal=p)
        for expert in (e1, e2):
            services.expert_assign(actor=staff, proposal=p, expert_user=expert)
            services.proposal_score(
                actor=expert,
                proposal=p,
                scores=_scores({**HIGH, "cost_benefit": 2}, {"cost_benefit": "人员费用偏高"}),
            )
        services.proposal_decide(
            actor=staff,
            proposal=p,
            outcome="needs_revision",
            reason_codes=["budget"],
            explanation="项目必要性强，但人员费用占比过高，请调整预算结构（志愿者补贴、耗材）后重新提交。",
        )
        created += 1
    return {"proposals": created}
