"""Demo events: the report's events on their real dates, plus upcoming ones dated from today.

History (finished, with check-ins and photos): the 职通快车 job fair in 蛟龙社区 (August 2020),
the tea-art event 茗茶飘香·百味人生 in 大井社区 (19 November 2019) and the model-family award
ceremony in 邹家场社区 (September 2020). Upcoming, relative to the day the demo is seeded: a
文艺汇演 that is nearly full, the 瑾栩花店 flower-arranging course (four sessions, one sign-up for
all, with a waitlist), a lecture, and a council meeting that needs approval. The flower course's
first run lies a month in the past, with check-ins of demo-resident (all five sessions),
demo-volunteer (two: below the completion threshold) and three more residents, and its graduates
hold their 结业证书. Running the seed again adds nothing while the upcoming events still lie ahead. Photos are drawn with Pillow.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from threecenters.core.models import Area, Center, RoleAssignment, User
from threecenters.core.uploads import thumbnail_from_bytes
from threecenters.events import builtin, services
from threecenters.events.images import THUMBNAIL_SIZE
from threecenters.events.models import Attendance, Event, Photo, Registration, Series
from threecenters.events.services.registration import _free_code

SHANGHAI = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "秀英桂英玉兰建华志强国庆海燕丽华德明淑珍文静子涵浩然雨桐晓东春梅伟军"

HISTORY = [
    # title, center kind, community, kind, start, hours, capacity, attendees, venue, description
    (
        "“职”通快车·家门口的招聘会",
        Center.Kind.INCUBATOR,
        "jiaolong",
        builtin.JOB_FAIR,
        datetime(2020, 8, 20, 9, 30),
        3,
        200,
        120,
        "蛟龙社区党群服务中心广场",
        "<p>街道办事处主办的线下就业招聘会开进蛟龙社区，辖区居民在家门口找工作，"
        "享受“保稳定、增就业、惠群众”的红利。</p>",
    ),
    (
        "茗茶飘香·百味人生",
        Center.Kind.CIVILITY,
        "dajing",
        builtin.ACTIVITY,
        datetime(2019, 11, 19, 15, 0),
        2,
        30,
        28,
        "大井社区党群服务中心茶室",
        "<p>一碗茶：茶艺老师现场演示冲泡，居民在家门口学到一门技艺，培养高雅的艺术爱好，"
        "邻里关系更融洽。</p>",
    ),
    (
        "践行社会主义核心价值观先进个人、先进家庭表彰",
        Center.Kind.CIVILITY,
        "zoujiachang",
        builtin.CEREMONY,
        datetime(2020, 9, 10, 10, 0),
        2,
        80,
        64,
        "邹家场社区党群服务中心",
        "<p>一评选：表彰践行社会主义核心价值观的先进个人和先进家庭，助推文明新风向善向好。</p>",
    ),
    (
        # the case library's exchange session (governance seed) links to this event
        "九江街道社区治理经验交流会",
        Center.Kind.GOVERNANCE,
        None,
        builtin.LECTURE,
        datetime(2020, 12, 18, 14, 30),
        2,
        100,
        80,
        "九江街道三中心",
        "<p>石井、蛟龙、江安和通江社区分享“社区小二”“三融三建”“水韵江安·花漾通讲”的做法，"
        "各社区交流学习。</p>",
    ),
]


def _person(index: int, community: Area) -> User:
    username = f"events-demo-{index:03d}"
    user = User.objects.filter(username=username).first()
    if user is None:
        rng = random.Random(index)
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
        user = User(username=username, display_name=name)
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.get_or_create(
            user=user, role=RoleAssignment.Role.RESIDENT, area=community
        )
    return user


def _photo_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    width, height = 960, 640
    image = Image.new("RGB", (width, height), tuple(rng.randint(150, 230) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(30, 140)
        colour = tuple(rng.randint(40, 220) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.rectangle((0, height - 90, width, height), fill=(60, 40, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _add_photos(event: Event, uploader: User | None, count: int, seed: int) -> None:
    for i in range(count):
        data = _photo_bytes(seed * 100 + i)
        photo = Photo(
            event=event,
            uploader=uploader,
            width=960,
            height=640,
            caption=f"{event.title} · {i + 1}",
            status=Photo.Status.APPROVED,
        )
        photo.image.save(f"demo-{event.pk}-{i}.jpg", ContentFile(data), save=False)
        photo.thumbnail.save(
            f"demo-{event.pk}-{i}-thumb.jpg",
            ContentFile(thumbnail_from_bytes(data, size=THUMBNAIL_SIZE)),
            save=False,
        )
        photo.save()


def _history(centers: dict[str, Center], communities: dict[str, Area], staff: User | None) -> int:
    made = 0
    person_index = 0
    for number, (
        title,
        center_kind,
        slug,
        kind,
        start,
        hours,
        capacity,
        attendees,
        venue,
        text,
    ) in enumerate(HISTORY):
        starts_at = start.replace(tzinfo=SHANGHAI)
        if Event.objects.filter(title=title, starts_at=starts_at).exists():
            continue
        community = communities[slug] if slug else None
        everyone = list(communities.values())
        event = Event.objects.create(
            center=centers[center_kind],
            kind=kind,
            title=title,
            description=text,
            community=community,
            venue=venue,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            status=Event.Status.FINISHED,
            created_by=staff,
            contact_name="赵文明",
            report_summary=text,
        )
        registered = attendees + min(attendees // 8, capacity - attendees)
        for i in range(registered):
            person_index += 1
            person = _person(person_index, community or everyone[i % len(everyone)])
            attended = i < attendees
            signed_up = starts_at - timedelta(days=3, minutes=7 * i)
            reg = Registration.objects.create(
                event=event,
                person=person,
                status=Registration.Status.CHECKED_IN if attended else Registration.Status.NO_SHOW,
                code=_free_code(event.pk),
                created_at=signed_up,
                status_changed_at=starts_at,
                checked_in_at=starts_at - timedelta(minutes=10) + timedelta(seconds=20 * i)
                if attended
                else None,
                checked_out_at=starts_at + timedelta(hours=hours) if attended else None,
            )
            if attended:
                Attendance.objects.create(
                    registration=reg,
                    checked_in_at=reg.checked_in_at,
                    checked_out_at=reg.checked_out_at,
                    method=Attendance.Method.QR if i % 5 else Attendance.Method.CODE,
                    recorded_by=staff,
                    checked_out_by=staff,
                    created_at=reg.checked_in_at,
                )
        Event.objects.filter(pk=event.pk).update(
            taken=F("taken") + registered, attendance_count=attendees
        )
        _add_photos(event, staff, 4, seed=number + 1)
        made += 1
    return made


def _upcoming(
    centers: dict[str, Center], communities: dict[str, Area], staff: dict[str, User]
) -> int:
    now = timezone.localtime()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    made = 0
    resident = User.objects.filter(username="demo-resident").first()
    index = 500

    def people(n: int, community: Area) -> list[User]:
        nonlocal index
        out = []
        for _ in range(n):
            index += 1
            out.append(_person(index, community))
        return out

    def still_ahead(title: str) -> bool:
        return Event.objects.filter(title=title, starts_at__gte=timezone.now()).exists()

    # 文艺汇演: nearly full.
    title = "九江街道文艺汇演"
    if not still_ahead(title):
        event = services.event_create(
            actor=staff["civility"],
            center=centers[Center.Kind.CIVILITY],
            title=title,
            venue="九江街道文化广场",
            starts_at=today + timedelta(days=6, hours=19),
            ends_at=today + timedelta(days=6, hours=21),
            kind=builtin.PERFORMANCE,
            community=communities["dajing"],
            capacity=60,
            companions_allowed=1,
            description="<p>社区文艺队、九江小学合唱团和志愿者带来歌舞、川剧和诗朗诵。</p>",
            contact_name="赵文明",
            contact_mobile="13800001111",
        )
        services.event_publish(actor=staff["civility"], event=event)
        for person in people(57, communities["dajing"]):
            services.registration_create(event=event, person=person)
        if resident:
            services.registration_create(event=event, person=resident)
        made += 1

    # 瑾栩花店 flower-arranging course: four sessions, one sign-up for all, with a waitlist.
    title = "瑾栩花店免费插花课"
    if not Series.objects.filter(title=title, sessions__starts_at__gte=timezone.now()).exists():
        first = today + timedelta(days=4, hours=14)
        series = services.series_create(
            actor=staff["incubator"],
            center=centers[Center.Kind.INCUBATOR],
            title=title,
            signup_mode=Series.SignupMode.SERIES,
            sessions=[
                (first + timedelta(days=7 * i), first + timedelta(days=7 * i, hours=2))
                for i in range(4)
            ],
            venue="蛟龙社区瑾栩花店",
            kind=builtin.COURSE_SESSION,
            community=communities["jiaolong"],
            capacity=12,
            description="<p>蛟龙社区孵化的创业项目瑾栩花店免费教授插花技术、销售技巧和创业模式。</p>",
        )
        sessions = list(series.sessions.order_by("session_no"))
        for session in sessions:
            services.event_publish(actor=staff["incubator"], event=session)
        for person in people(15, communities["jiaolong"]):
            services.registration_create(event=sessions[0], person=person)
        made += 1

    # A lecture, nearly full.
    title = "一堂课：新时代文明实践理论宣讲"
    if not still_ahead(title):
        event = services.event_create(
            actor=staff["civility"],
            center=centers[Center.Kind.CIVILITY],
            title=title,
            venue="石井社区理论宣讲平台",
            starts_at=today + timedelta(days=2, hours=9, minutes=30),
            ends_at=today + timedelta(days=2, hours=11),
            kind=builtin.LECTURE,
            community=communities["shijing"],
            capacity=40,
            description="<p>一堂课：宣讲员走进社区，讲政策、讲身边事。</p>",
        )
        services.event_publish(actor=staff["civility"], event=event)
        for person in people(37, communities["shijing"]):
            services.registration_create(event=event, person=person)
        if resident:
            services.registration_create(event=event, person=resident)
        made += 1

    # A council meeting open to residents of two communities, with approval.
    title = "公序良俗议事会：小区停车与院落公约"
    if not still_ahead(title):
        event = services.event_create(
            actor=staff["governance"],
            center=centers[Center.Kind.GOVERNANCE],
            title=title,
            venue="大井社区议事厅",
            starts_at=today + timedelta(days=9, hours=15),
            ends_at=today + timedelta(days=9, hours=17),
            kind=builtin.COUNCIL_MEETING,
            community=communities["dajing"],
            capacity=25,
            approval_required=True,
            eligibility=Event.Eligibility.COMMUNITIES,
            eligible_communities=[communities["dajing"], communities["zoujiachang"]],
            description="<p>议事会成员与居民代表一起讨论院落停车秩序和居民公约修订。</p>",
        )
        services.event_publish(actor=staff["governance"], event=event)
        for person in people(6, communities["dajing"]):
            services.registration_create(event=event, person=person)
        made += 1
    return made


# The flower course's earlier run: five sessions that ended a month before the seed day. Who
# came to which session (1 = checked in); 80 % of five sessions is four.
PAST_COURSE = "瑾栩花店免费插花课（第一期）"
PAST_ATTENDANCE = {
    "demo-resident": (1, 1, 1, 1, 1),
    "demo-volunteer": (1, 0, 1, 0, 0),
    701: (1, 1, 1, 0, 1),
    702: (1, 1, 1, 1, 1),
    703: (0, 1, 1, 0, 1),
}


def _past_course(centers: dict[str, Center], communities: dict[str, Area], staff: User) -> int:
    """The course run is created once, with its check-ins, and its graduates certified."""
    from threecenters.events.completion import completions_certify

    if Series.objects.filter(title=PAST_COURSE).exists():
        return 0
    people = []
    for key in PAST_ATTENDANCE:
        person = (
            User.objects.filter(username=key).first()
            if isinstance(key, str)
            else _person(key, communities["jiaolong"])
        )
        if person is not None:
            people.append((person, PAST_ATTENDANCE[key]))
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    first = today - timedelta(days=60) + timedelta(hours=14)
    series = services.series_create(
        actor=staff,
        center=centers[Center.Kind.INCUBATOR],
        title=PAST_COURSE,
        signup_mode=Series.SignupMode.SERIES,
        sessions=[
            (first + timedelta(days=7 * i), first + timedelta(days=7 * i, hours=2))
            for i in range(5)
        ],
        venue="蛟龙社区瑾栩花店",
        kind=builtin.COURSE_SESSION,
        community=communities["jiaolong"],
        capacity=12,
        description="<p>瑾栩花店第一期免费插花课：插花技术、销售技巧和创业模式。</p>",
    )
    for number, session in enumerate(series.sessions.order_by("session_no")):
        for person, attended in people:
            came = attended[number] == 1
            reg = Registration.objects.create(
                event=session,
                person=person,
                status=Registration.Status.CHECKED_IN if came else Registration.Status.NO_SHOW,
                code=_free_code(session.pk),
                created_at=first - timedelta(days=5),
                status_changed_at=session.starts_at,
                checked_in_at=session.starts_at - timedelta(minutes=5) if came else None,
                checked_out_at=session.ends_at if came else None,
            )
            if came:
                Attendance.objects.create(
                    registration=reg,
                    checked_in_at=reg.checked_in_at,
                    checked_out_at=reg.checked_out_at,
                    method=Attendance.Method.CODE,
                    recorded_by=staff,
                    checked_out_by=staff,
                    created_at=reg.checked_in_at,
                )
        Event.objects.filter(pk=session.pk).update(
            status=Event.Status.FINISHED,
            taken=len(people),
            attendance_count=sum(a[number] for _p, a in people),
        )
    completions_certify(actor=staff, series=series)
    return 1


@transaction.atomic
def seed_demo() -> dict[str, int]:
    subdistrict = Area.objects.filter(slug="jiujiang").first()
    if subdistrict is None:
        return {"events": 0}
    centers = {c.kind: c for c in Center.objects.filter(subdistrict=subdistrict)}
    communities = {
        a.slug: a for a in Area.objects.filter(parent=subdistrict, level=Area.Level.COMMUNITY)
    }
    staff = {
        "civility": User.objects.filter(username="demo-civility").first(),
        "incubator": User.objects.filter(username="demo-incubator").first(),
        "governance": User.objects.filter(username="demo-governance").first(),
    }
    if len(centers) < 3 or not all(staff.values()) or "jiaolong" not in communities:
        return {"events": 0}
    history = _history(centers, communities, staff["civility"])
    upcoming = _upcoming(centers, communities, staff)
    past_course = _past_course(centers, communities, staff["incubator"])
    return {"historic_events": history, "upcoming_events": upcoming, "past_courses": past_course}
