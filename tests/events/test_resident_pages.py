"""Event pages as residents use them: a contact they can call (never a staff member's own
mobile), states that matter to them instead of organiser statuses, "加入手机日历", 我的活动 in
groups, a cancellation that says what it cancels and happens once, "加入候补" on a full event, and
list filters that fold behind a 筛选 button counting the active ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.events.helpers import published_event
from tests.governance.factories import make_case
from threecenters.core.models import AuditEntry
from threecenters.events import services
from threecenters.events.forms import DT_FORMAT, EventForm
from threecenters.events.models import Event, Registration, Series, public_phone_validator

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# ---------------------------------------------------------------- 10: a contact residents can call
@pytest.mark.parametrize(
    "number", ["13812345678", "028-12345678", "02812345678", "010-61234567-801", "0831-2345678"]
)
def test_mobiles_and_landlines_with_area_code_are_public_phones(number):
    public_phone_validator(number)


@pytest.mark.parametrize(
    "number", ["1381234567", "138123456789", "028-0123456", "28-12345678", "电话"]
)
def test_other_numbers_are_refused_with_a_message(number):
    with pytest.raises(ValidationError) as refused:
        public_phone_validator(number)
    assert "固定电话" in refused.value.messages[0]


def test_the_page_shows_a_public_number_and_never_the_staff_mobile(world, personas, client):
    community, center = world["communities"]["dajing"], world["centers"]["civility"]
    community.phone, center.phone = "028-87651234", "028-86660000"
    community.save(update_fields=["phone"])
    center.save(update_fields=["phone"])
    event = published_event(world, personas, contact_name="张小红", contact_mobile="13812345678")
    url = f"/events/{event.pk}/"

    html = page(client, url)
    assert 'href="tel:028-87651234"' in html and community.name in html  # the community's office
    assert "13812345678" not in html and "5678" not in html and "张小红" not in html

    services.event_update(
        actor=personas["civility_staff"],
        event=event,
        changes={"public_contact_name": "活动咨询", "public_contact_phone": "028-85550101"},
    )
    html = page(client, url)
    assert "活动咨询" in html and 'href="tel:028-85550101"' in html
    assert "028-87651234" not in html and "13812345678" not in html

    bare = published_event(world, personas, community=None, title="无社区活动")
    html = page(client, f"/events/{bare.pk}/")
    assert 'href="tel:028-86660000"' in html and center.name in html  # the center's phone


def test_the_organiser_form_refuses_a_wrong_public_phone_and_keeps_the_event(
    world, personas, client_for
):
    event = published_event(world, personas)
    form = EventForm(
        instance=event, centers=[event.center], communities=list(world["communities"].values())
    )
    data = {}
    for name in form.fields:
        value = form[name].value()
        if hasattr(value, "strftime"):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            value = value.strftime(DT_FORMAT)
        if value is None or name == "cover":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
            continue
        data[name] = str(value)
    data["public_contact_phone"] = "12345"
    staff = client_for("civility_staff")
    response = staff.post(f"/staff/events/{event.pk}/edit/", data)
    assert response.status_code == 200
    assert "请输入手机号或带区号的固定电话" in response.content.decode()
    assert Event.objects.get(pk=event.pk).public_contact_phone == ""
    data["public_contact_phone"] = "028-85550101"
    response = staff.post(f"/staff/events/{event.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(pk=event.pk).public_contact_phone == "028-85550101"


# ---------------------------------------------------------------- 11: states residents care about
def test_public_pages_show_resident_states_not_internal_statuses(
    world, personas, client, en_client
):
    now = timezone.now()
    open_event = published_event(world, personas, title="开放报名活动")
    waitlist = published_event(world, personas, title="可候补活动", capacity=1)
    services.registration_create(event=waitlist, person=personas["volunteer"])
    full = published_event(world, personas, title="满员活动", capacity=1, waitlist_enabled=False)
    services.registration_create(event=full, person=personas["volunteer"])
    ended = published_event(
        world,
        personas,
        title="已过活动",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=1),
    )
    called_off = published_event(world, personas, title="取消的活动")
    services.event_cancel(actor=personas["civility_staff"], event=called_off, reason="天气原因")

    expected = {
        open_event: "报名中",
        waitlist: "可候补",
        full: "已满",
        ended: "已结束",
        called_off: "已取消",
    }
    for event, label in expected.items():
        html = page(client, f"/events/{event.pk}/")
        assert f">{label}</span>" in html, (event.title, label)
        assert "已发布" not in html and "published" not in html.lower().replace("unpublished", "")
    listing = page(client, "/events/?past=1")
    assert "已发布" not in listing
    for label in ("报名中", "可候补", "已满", "已结束", "已取消"):
        assert f">{label}</span>" in listing, label

    english = page(en_client, f"/events/{waitlist.pk}/")
    assert ">Waitlist open</span>" in english and "Published" not in english
    assert ">Open for sign-up</span>" in page(en_client, f"/events/{open_event.pk}/")


def test_the_calendar_file_is_offered_as_add_to_phone_calendar(world, personas, client, en_client):
    event = published_event(world, personas)
    html = page(client, f"/events/{event.pk}/")
    assert f'href="/events/{event.pk}/calendar.ics" download>加入手机日历</a>' in html
    assert ".ics）" not in html
    assert "Add to phone calendar</a>" in page(en_client, f"/events/{event.pk}/")
    assert client.get(f"/events/{event.pk}/calendar.ics").status_code == 200


def test_the_resident_state_follows_the_sign_up_window(world, personas):
    now = timezone.now()
    later = published_event(world, personas, signup_opens_at=now + timedelta(days=1))
    closed = published_event(world, personas, signup_closes_at=now - timedelta(minutes=1))
    draft = published_event(world, personas, publish=False)
    assert later.resident_state() == "soon" and later.resident_state_label == "即将开放报名"
    assert closed.resident_state() == "closed" and closed.resident_state_label == "报名已截止"
    assert draft.resident_state() == "draft"


# ---------------------------------------------------------------- 9: 加入候补 on a full event
def test_a_full_event_with_a_waitlist_offers_to_join_it_before_and_after_sign_in(
    world, personas, client, client_for, en_client
):
    event = published_event(world, personas, capacity=1)
    services.registration_create(event=event, person=personas["volunteer"])
    anonymous = page(client, f"/events/{event.pk}/")
    assert "登录后加入候补" in anonymous and "登录后报名" not in anonymous
    assert "Sign in to join the waitlist" in page(en_client, f"/events/{event.pk}/")
    signed_in = page(client_for("resident"), f"/events/{event.pk}/")
    assert "加入候补</button>" in signed_in and "立即报名" not in signed_in

    no_waitlist = published_event(world, personas, capacity=1, waitlist_enabled=False)
    services.registration_create(event=no_waitlist, person=personas["volunteer"])
    for who in (client, client_for("resident")):
        html = page(who, f"/events/{no_waitlist.pk}/")
        assert "名额已满，本活动不设候补。" in html
        assert "加入候补" not in html and 'action="/events/' not in html


# ---------------------------------------------------------------- 8: 我的活动 in groups
def _section(html: str, key: str) -> str:
    start = html.index(f'class="mine-group mine-{key}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_my_events_lists_upcoming_soonest_first_then_past_then_stopped(world, personas, client_for):
    now = timezone.now()
    resident = personas["resident"]

    def signed(title, starts_at=None, ends_at=None):
        event = published_event(world, personas, title=title)
        reg, _created = services.registration_create(event=event, person=resident)
        if starts_at:  # signed up while it was ahead, then time passed (or it is later)
            Event.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=ends_at)
        return event, reg

    signed(
        "下周的活动", starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=7, hours=2)
    )
    signed(
        "明天的活动", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2)
    )
    signed(
        "上月的活动",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=2),
    )
    signed(
        "昨天的活动",
        starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(days=1) + timedelta(hours=2),
    )
    _event, mine = signed("我取消的活动")
    services.registration_cancel(registration=mine, actor=resident)
    called_off, _reg = signed("被取消的活动")
    services.event_cancel(actor=personas["civility_staff"], event=called_off, reason="场地维修")
    reviewed = published_event(world, personas, title="需审核的活动", approval_required=True)
    reg, _created = services.registration_create(event=reviewed, person=resident)
    services.registration_decide(registration=reg, actor=personas["civility_staff"], approve=False)

    html = page(client_for("resident"), "/events/mine/")
    assert html.index("mine-upcoming") < html.index("mine-past") < html.index("mine-stopped")
    upcoming, past, stopped = (_section(html, k) for k in ("upcoming", "past", "stopped"))
    assert upcoming.index("明天的活动") < upcoming.index("下周的活动")
    assert past.index("昨天的活动") < past.index("上月的活动")
    for title in ("我取消的活动", "被取消的活动", "需审核的活动"):
        assert title in stopped and title not in upcoming and title not in past
    assert "活动已取消" in stopped and "未通过审核" in stopped
    assert "取消报名…" not in past and "取消报名…" not in stopped
    assert "checkin-code" not in past and upcoming.count("checkin-code") == 2  # no stale tickets
    assert upcoming.count("取消报名…") == 2


# ---------------------------------------------------------------- 7: cancelling asks and says what
def _series(world, personas, mode):
    start = timezone.now() + timedelta(days=2)
    series = services.series_create(
        actor=personas["incubator_staff"],
        center=world["centers"]["incubator"],
        title="瑾栩花店插花课",
        signup_mode=mode,
        sessions=[
            (start + timedelta(days=7 * i), start + timedelta(days=7 * i, hours=2))
            for i in range(3)
        ],
        venue="瑾栩花店",
        capacity=5,
        kind="course_session",
    )
    for event in series.sessions.all():
        services.event_publish(actor=personas["incubator_staff"], event=event)
    return list(series.sessions.order_by("session_no"))


def test_the_confirmation_says_one_session_or_the_whole_series(world, personas, client_for):
    resident = client_for("resident")
    whole = _series(world, personas, Series.SignupMode.SERIES)
    services.registration_create(event=whole[0], person=personas["resident"])
    html = page(resident, f"/events/{whole[1].pk}/")
    assert "将取消“瑾栩花店插花课”整期的报名，共 3 场" in html and "确认取消整期报名" in html

    each = _series(world, personas, Series.SignupMode.SESSION)
    reg, _created = services.registration_create(event=each[1], person=personas["resident"])
    services.registration_create(event=each[2], person=personas["resident"])
    html = page(resident, f"/events/{each[1].pk}/")
    assert "只取消这一场（第 2 场" in html and "确认取消这一场" in html
    mine = page(resident, "/events/mine/")
    assert mine.count("确认取消整期报名") == 3 and mine.count("确认取消这一场") == 2

    response = resident.post(f"/events/registrations/{reg.token}/cancel/")
    assert response.status_code == 302
    statuses = dict(
        Registration.objects.filter(person=personas["resident"], event__in=each).values_list(
            "event__session_no", "status"
        )
    )
    assert statuses == {
        2: Registration.Status.CANCELLED_BY_PERSON,
        3: Registration.Status.REGISTERED,
    }
    whole_statuses = set(
        Registration.objects.filter(event__in=whole).values_list("status", flat=True)
    )
    assert whole_statuses == {Registration.Status.REGISTERED}

    english = page(client_for("resident"), f"/events/{whole[0].pk}/")
    assert "确认取消整期报名" in english  # the default language; English below
    en = client_for("resident")
    en.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Yes, cancel the whole course" in page(en, f"/events/{whole[0].pk}/")


def test_cancelling_twice_changes_nothing_the_second_time(world, personas, client_for):
    event = published_event(world, personas, capacity=1)
    reg, _created = services.registration_create(event=event, person=personas["resident"])
    waiting, _created = services.registration_create(event=event, person=personas["volunteer"])
    assert waiting.status == Registration.Status.WAITLISTED
    resident = client_for("resident")
    url = f"/events/registrations/{reg.token}/cancel/"

    first = resident.post(url, follow=True)
    assert "已取消报名。" in first.content.decode()
    after_first = (
        Event.objects.get(pk=event.pk).taken,
        list(Registration.objects.order_by("id").values_list("status", "status_changed_at")),
        AuditEntry.objects.count(),
    )
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.REGISTERED

    second = resident.post(url, follow=True)
    assert second.status_code == 200
    assert "这项报名已经取消，无需重复操作。" in second.content.decode()
    after_second = (
        Event.objects.get(pk=event.pk).taken,
        list(Registration.objects.order_by("id").values_list("status", "status_changed_at")),
        AuditEntry.objects.count(),
    )
    assert after_second == after_first


# ---------------------------------------------------------------- 14: filters fold and count
def test_list_filters_fold_behind_a_button_that_counts_the_active_ones(
    world, personas, client, en_client
):
    published_event(world, personas)
    make_case(world, personas, title="楼道微更新")
    center = world["centers"]["civility"].pk
    for url, active in (
        ("/events/", 0),
        (f"/events/?center={center}&kind=activity&free=1&from=", 3),
        ("/cases/", 0),
        ("/cases/?community=dajing&year=", 1),
        ("/search/?q=楼道", 0),
        ("/search/?q=楼道&type=case&year=2026", 2),
    ):
        html = page(client, url)
        fold = html.index('<details class="filter-fold"')
        assert html.index("<summary", fold) < html.index("<select", fold), url
        assert "filter-toggle" in html
        if active:
            assert f"（已选 {active} 项）" in html, url
        else:
            assert "已选" not in html, url
    assert "Filters<span" in page(en_client, f"/events/?center={center}")
    assert "(1 selected)" in page(en_client, f"/events/?center={center}")


def test_a_search_filter_with_an_error_is_shown_unfolded(client):
    html = page(client, "/search/?q=楼道&year=abc")
    assert '<details class="filter-fold" open>' in html and 'class="error"' in html
