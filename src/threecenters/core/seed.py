"""Demo data drawn from the 2020 report on 九江街道. Seeding twice changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from threecenters.core.accounts import account_create
from threecenters.core.models import Area, Article, Center, Organisation, RoleAssignment, User
from threecenters.core.richtext import sanitize_html

Role = RoleAssignment.Role
SHANGHAI = ZoneInfo("Asia/Shanghai")

COMMUNITIES = [
    # slug, name, intro, latitude, longitude (approximate, demo only)
    (
        "jiaolong",
        "蛟龙社区",
        "街道线下招聘会“职”通快车在这里开进家门口；“三融三建”社区治理工作法的发源地。",
        "30.6235",
        "103.9381",
    ),
    (
        "dajing",
        "大井社区",
        "“茗茶飘香·百味人生”茶艺活动在这里举办，居民在家门口学到一门技艺。",
        "30.6102",
        "103.9276",
    ),
    (
        "zoujiachang",
        "邹家场社区",
        "践行社会主义核心价值观先进个人、先进家庭表彰在这里举行。",
        "30.6018",
        "103.9452",
    ),
    (
        "shijing",
        "石井社区",
        "“社区小二”党员志愿者服务队因疫情而生，建设有温度、有活力的人情社区。",
        "30.6151",
        "103.9527",
    ),
    ("jiangan", "江安社区", "“水韵江安·花漾通讲”社区营造经验的一方。", "30.5952", "103.9338"),
    ("tongjiang", "通讲社区", "“水韵江安·花漾通讲”社区营造经验的另一方。", "30.5897", "103.9211"),
]

CENTER_PHONES = {
    Center.Kind.INCUBATOR: "028-85800101",
    Center.Kind.CIVILITY: "028-85800102",
    Center.Kind.GOVERNANCE: "028-85800103",
}

# Recent news, dated relative to the day the demo is seeded (days before it), so the home page of
# a fresh demo is current, as its events are.
RECENT_ARTICLES = [
    (
        "本周三中心活动预告：茶艺课、创业沙龙和议事会",
        None,
        None,
        1,
        "大井社区茶艺体验课、孵化中心创业沙龙和石井社区居民议事会本周举行，欢迎在线报名。",
        "<p>本周三中心安排了茶艺体验课、创业沙龙和居民议事会，名额有限，请在“活动”页面在线报名，"
        "凭报名二维码或签到码现场签到。</p>",
    ),
    (
        "“社区小二”志愿服务队招募新队员",
        Center.Kind.CIVILITY,
        "shijing",
        3,
        "石井社区党员志愿服务队面向辖区居民招募新队员，服务时长按规定记录。",
        "<p>石井社区“社区小二”志愿服务队招募新队员，参与邻里帮扶、政策宣传和文明劝导，"
        "服务时长按规定记录。</p>",
    ),
    (
        "孵化中心免费办公工位开放申请",
        Center.Kind.INCUBATOR,
        None,
        6,
        "文创+创新创业孵化中心为青年人才提供免费办公工位，为优质文创企业提供低租金场地。",
        "<p>青年人才和初创团队可申请孵化中心的免费办公工位；优质文创企业可申请低租金场地。"
        "申请材料和评审安排见中心公告。</p>",
    ),
]

CENTERS = {
    Center.Kind.INCUBATOR: (
        "文创+创新创业孵化中心",
        "聚焦创新、孵化未来",
        "<p>街道层面的综合服务平台，凝聚“创意、创新、创业”三大理念：为青年才俊提供免费办公场所，"
        "为优质文创企业提供低租金的创业平台。</p><p>通过个性化、专业化、精准化的就业创业服务，形成"
        "“创意激发、创新创业训练、创业实践、创业孵化”的全链条服务，打造“文创引领、功能齐全、服务规范”"
        "的综合性平台，致力于打造空港人才汇聚洼地。</p>",
    ),
    Center.Kind.CIVILITY: (
        "新时代文明实践和公序良俗会议中心",
        "群策群力、共创新风",
        "<p>各社区党群服务中心配有志愿者服务组织孵化空间、宣传展示平台、理论宣讲平台、阵地服务空间。"
        "以“九江记忆”为载体打造特色品牌。</p><p>中心组织成立了 17 支志愿服务队：11 支来自各社区，"
        "6 支来自企业、教育、卫生健康等行业。一碗茶、一堂课、一评选，共同营造公序良俗新风尚。</p>",
    ),
    Center.Kind.GOVERNANCE: (
        "基层党建与社区治理服务中心",
        "“最强大脑”提升能力",
        "<p>街道基层党建与社区发展治理“激活社会创新、助推社区治理”的创新支持平台：总结“社区小二”、"
        "“三融三建”、“水韵江安·花漾通讲”等经验，也能及时为不适项目“刹车”。</p><p>五大功能：促进社区治理、"
        "提升人才能力、转化治理项目、培育孵化社区基金、交流推广社区治理经验。</p>",
    ),
}

ORGANISATIONS = [
    (
        "瑾栩花店",
        Organisation.Kind.ENTERPRISE,
        "jiaolong",
        "蛟龙社区孵化的创业项目，免费教授插花技术、销售技巧和创业模式。",
    ),
    (
        "社区小二志愿者服务队",
        Organisation.Kind.VOLUNTEER_TEAM,
        "shijing",
        "因疫情而生的党员志愿者服务队。",
    ),
    (
        "九江街道社区卫生服务中心",
        Organisation.Kind.HOSPITAL,
        None,
        "街道卫生健康行业志愿服务队所在单位。",
    ),
    ("九江小学", Organisation.Kind.SCHOOL, "dajing", "教育行业志愿服务队所在单位。"),
]

ARTICLES = [
    (
        "九江街道“三中心”正式成立",
        None,
        None,
        datetime(2020, 7, 31, 10, 0),
        "文创+创新创业孵化中心、新时代文明实践和公序良俗会议中心、基层党建与社区治理服务中心同日揭牌。",
        "<p>2020 年 7 月底，九江街道“三中心”正式成立，在创新创业实践训练、项目培育推广、企业孵化、"
        "社区治理经验交流、“九江”特色品牌推广、志愿组织孵化等方面穿针引线。</p>",
    ),
    (
        "“职”通快车开进蛟龙社区：家门口的招聘会",
        Center.Kind.INCUBATOR,
        "jiaolong",
        datetime(2020, 8, 20, 9, 30),
        "街道办事处主办的线下就业招聘会在蛟龙社区举行。",
        "<p>家门口的招聘会让辖区居民享受了“保稳定、增就业、惠群众”的红利。</p>",
    ),
    (
        "“茗茶飘香·百味人生”茶艺活动在大井社区举办",
        Center.Kind.CIVILITY,
        "dajing",
        datetime(2019, 11, 19, 15, 0),
        "居民在家门口学到一门技艺，邻里关系更融洽。",
        "<p>活动培养了高雅的艺术爱好，也让居民在家门口学到一门技艺。</p>",
    ),
    (
        "邹家场社区表彰先进个人和先进家庭",
        Center.Kind.CIVILITY,
        "zoujiachang",
        datetime(2020, 9, 10, 10, 0),
        "践行社会主义核心价值观先进个人、先进家庭表彰。",
        "<p>表彰极大地助推了文明新风向善向好。</p>",
    ),
    (
        "智囊团为“架空层活动中心”项目踩下刹车",
        Center.Kind.GOVERNANCE,
        None,
        datetime(2020, 10, 15, 16, 0),
        "实地考察后，因小区面积不够、周边人流量较少，申请被驳回，节约了试错成本。",
        "<p>某社区提出在小区架空层内打造活动中心，中心智囊团实地考察、走访后驳回了申请。</p>",
    ),
]

# login, display name, role, scope kind, scope key
DEMO_ACCOUNTS = [
    ("demo-admin", "王街道", Role.SUBDISTRICT_ADMIN, "subdistrict", None),
    ("demo-sysadmin", "系统管理", Role.SYSTEM_ADMIN, "subdistrict", None),
    ("demo-security", "安全管理", Role.SECURITY_ADMIN, "subdistrict", None),
    ("demo-auditor", "审计管理", Role.AUDIT_ADMIN, "subdistrict", None),
    ("demo-incubator", "李孵化", Role.CENTER_STAFF, "center", Center.Kind.INCUBATOR),
    ("demo-civility", "赵文明", Role.CENTER_STAFF, "center", Center.Kind.CIVILITY),
    ("demo-governance", "钱治理", Role.CENTER_STAFF, "center", Center.Kind.GOVERNANCE),
    ("demo-jiaolong", "孙蛟龙", Role.COMMUNITY_WORKER, "community", "jiaolong"),
    ("demo-dajing", "周大井", Role.COMMUNITY_WORKER, "community", "dajing"),
    ("demo-expert", "吴专家", Role.EXPERT, "subdistrict", None),
    ("demo-expert2", "郑专家", Role.EXPERT, "subdistrict", None),
    ("demo-leader", "冯队长", Role.TEAM_LEADER, "organisation", "社区小二志愿者服务队"),
    ("demo-volunteer", "陈志愿", Role.VOLUNTEER, "community", "shijing"),
    ("demo-resident", "褚居民", Role.RESIDENT, "community", "dajing"),
    ("demo-employer", "卫老板", Role.EMPLOYER, "organisation", "瑾栩花店"),
    ("demo-founder", "蒋创业", Role.ENTREPRENEUR, "community", "jiaolong"),
]


@transaction.atomic
def seed_demo() -> dict[str, int]:
    district, _ = Area.objects.get_or_create(
        slug="shuangliu", defaults={"name": "成都市双流区", "level": Area.Level.DISTRICT}
    )
    subdistrict, _ = Area.objects.get_or_create(
        slug="jiujiang",
        defaults={
            "name": "九江街道",
            "level": Area.Level.SUBDISTRICT,
            "parent": district,
            "intro": "和合家园，幸福九江。双流区的“北大门”。",
        },
    )
    communities: dict[str, Area] = {}
    for sort, (slug, name, intro, lat, lng) in enumerate(COMMUNITIES):
        communities[slug], _ = Area.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "level": Area.Level.COMMUNITY,
                "parent": subdistrict,
                "intro": intro,
                "latitude": Decimal(lat),
                "longitude": Decimal(lng),
                "sort": sort,
                "address": f"九江街道{name}党群服务中心",
            },
        )
    centers: dict[str, Center] = {}
    for kind, (name, tagline, description) in CENTERS.items():
        centers[kind], _ = Center.objects.get_or_create(
            subdistrict=subdistrict,
            kind=kind,
            defaults={
                "name": name,
                "tagline": tagline,
                "description": sanitize_html(description),
                "address": "九江街道三中心",
                "opening_hours": "周一至周五 9:00–17:30",
                # a demo office number (the 028 area code of Chengdu); replace with the real one
                "phone": CENTER_PHONES[kind],
            },
        )
    organisations: dict[str, Organisation] = {}
    for name, kind, community, intro in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            subdistrict=subdistrict,
            name=name,
            defaults={
                "kind": kind,
                "community": communities.get(community) if community else None,
                "intro": intro,
                "verification": Organisation.Verification.VERIFIED,
            },
        )
    for title, center_kind, community, when, summary, body in ARTICLES:
        Article.objects.get_or_create(
            subdistrict=subdistrict,
            title=title,
            defaults={
                "center": centers[center_kind] if center_kind else None,
                "community": communities[community] if community else None,
                "summary": summary,
                "body": sanitize_html(body),
                "status": Article.Status.PUBLISHED,
                "published_at": when.replace(tzinfo=SHANGHAI),
            },
        )
    today = timezone.now()
    for title, center_kind, community, days_ago, summary, body in RECENT_ARTICLES:
        Article.objects.get_or_create(
            subdistrict=subdistrict,
            title=title,
            defaults={
                "center": centers[center_kind] if center_kind else None,
                "community": communities[community] if community else None,
                "summary": summary,
                "body": sanitize_html(body),
                "status": Article.Status.PUBLISHED,
                "published_at": today - timedelta(days=days_ago),
            },
        )
    created_users = 0
    for login, display_name, role, scope, key in DEMO_ACCOUNTS:
        where: dict = {}
        if scope == "subdistrict":
            where["area"] = subdistrict
        elif scope == "community":
            where["area"] = communities[key]
        elif scope == "center":
            where["center"] = centers[key]
        elif scope == "organisation":
            where["organisation"] = organisations[key]
        user = User.objects.filter(username=login).first()
        if user is None:
            # the same function as createadmin, `user create` and the test personas
            account_create(
                login=login,
                role=role,
                display_name=display_name,
                password=settings.DEMO_PASSWORD,
                label="seed",
                **where,
            )
            created_users += 1
        else:
            RoleAssignment.objects.get_or_create(user=user, role=role, **where)
    return {
        "communities": len(communities),
        "centers": len(centers),
        "users_created": created_users,
    }


def seed_everything() -> dict[str, object]:
    """The kernel's demo data, then each app's: an app with a ``seed`` module that defines
    ``seed_demo()`` takes part, in INSTALLED_APPS order. Each must be idempotent."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    results: dict[str, object] = {"core": seed_demo()}
    for config in apps.get_app_configs():
        if not config.name.startswith("threecenters.") or config.label == "core":
            continue
        module_name = f"{config.name}.seed"
        if find_spec(module_name) is None:
            continue
        with transaction.atomic():
            results[config.label] = import_module(module_name).seed_demo()
    return results


def demo_logins() -> list[tuple[str, str]]:
    return [(login, str(role.label)) for login, _n, role, _s, _k in DEMO_ACCOUNTS]
