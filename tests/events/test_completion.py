"""Course completion: participants who checked in at ≥ THREECENTERS_COMPLETION_THRESHOLD % of a
series' sessions get the 结业证书, once; the others are listed with their attendance, and refused
when asked for one by one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_user
from threecenters.certificates.models import Certificate
from threecenters.events import completion, services
from threecenters.events.models import Event, Registration, Series
from threecenters.events.services import EventError

pytestmark = pytest.mark.django_db


def course(world, personas, *, attendance: dict[str, tuple[int, ...]], past: bool = True):
    """A five-session course of the incubator center; ``attendance`` maps a user name to which
    sessions they checked in at. With ``past`` the sessions are then moved a month back."""
    staff = personas["incubator_staff"]
    first = timezone.now() + timedelta(days=1)
    series = services.series_create(
        actor=staff,
        center=world["centers"]["incubator"],
        title="瑾栩花店免费插花课",
        signup_mode=Series.SignupMode.SERIES,
        sessions=[
            (first + timedelta(days=7 * i), first + timedelta(days=7 * i, hours=2))
            for i in range(5)
        ],
        venue="蛟龙社区瑾栩花店",
        community=world["communities"]["jiaolong"],
        capacity=12,
    )
    sessions = list(series.sessions.order_by("session_no"))
    for session in sessions:
        services.event_publish(actor=staff, event=session)
    for name, came in attendance.items():
        person = make_user(name)
        person.display_name = f"{name}学员"
        person.save()
        services.registration_create(event=sessions[0], person=person)
        for session, here in zip(sessions, came, strict=True):
            if here:
                reg = Registration.objects.get(event=session, person=person)
                _check_in_while_it_runs(session, staff, reg)
    if past:
        for session in sessions:
            Event.objects.filter(pk=session.pk).update(
                starts_at=session.starts_at - timedelta(days=60),
                ends_at=session.ends_at - timedelta(days=60),
            )
    return series


def _check_in_while_it_runs(session, staff, registration) -> None:
    """Check-in is only open around a session: check in as if it were running now."""
    planned = (session.starts_at, session.ends_at)
    now = timezone.now()
    Event.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    session.refresh_from_db()
    services.registration_check_in(event=session, actor=staff, registration=registration)
    Event.objects.filter(pk=session.pk).update(starts_at=planned[0], ends_at=planned[1])
    session.refresh_from_db()


ATTENDANCE = {
    "all": (1, 1, 1, 1, 1),
    "four": (1, 1, 0, 1, 1),  # 80 %: exactly the threshold
    "three": (1, 1, 1, 0, 0),  # 60 %
    "none": (0, 0, 0, 0, 0),
}


def test_eligible_participants_get_certificates_once(world, personas):
    series = course(world, personas, attendance=ATTENDANCE)
    staff = personas["incubator_staff"]
    summary = completion.completions_certify(actor=staff, series=series)
    assert sorted(r.person.username for r in summary.issued) == ["all", "four"]
    assert sorted((r.person.username, r.attended) for r in summary.not_eligible) == [
        ("none", 0),
        ("three", 3),
    ]
    certs = {c.holder.username: c for c in Certificate.objects.select_related("holder")}
    assert set(certs) == {"all", "four"}
    four = certs["four"]
    assert four.kind == "course_completion" and four.issuer_center == world["centers"]["incubator"]
    assert four.details["attendance"] == "4/5" and four.details["hours"] == "8"
    assert "瑾栩花店免费插花课" in four.subject and four.number.startswith("JJ-KC-")

    again = completion.completions_certify(actor=staff, series=series)
    assert again.issued == [] and sorted(r.person.username for r in again.already) == [
        "all",
        "four",
    ]
    assert Certificate.objects.count() == 2


def test_the_threshold_is_a_setting(world, personas, settings):
    settings.COMPLETION_THRESHOLD = 60
    series = course(world, personas, attendance=ATTENDANCE)
    summary = completion.completions_certify(actor=personas["incubator_staff"], series=series)
    assert sorted(r.person.username for r in summary.issued) == ["all", "four", "three"]


def test_an_incomplete_participant_is_refused_when_asked_for(world, personas):
    series = course(world, personas, attendance=ATTENDANCE)
    three = Registration.objects.filter(person__username="three").first().person
    with pytest.raises(EventError) as refused:
        completion.completion_certify(
            actor=personas["incubator_staff"], series=series, person=three
        )
    assert refused.value.code == "not_completed" and "3/5" in refused.value.message
    assert "80%" in refused.value.message
    assert not Certificate.objects.exists()
    four = Registration.objects.filter(person__username="four").first().person
    cert = completion.completion_certify(
        actor=personas["incubator_staff"], series=series, person=four
    )
    assert cert.holder == four


def test_nothing_is_issued_before_the_course_is_over(world, personas):
    series = course(world, personas, attendance=ATTENDANCE, past=False)
    with pytest.raises(EventError) as refused:
        completion.completions_certify(actor=personas["incubator_staff"], series=series)
    assert refused.value.code == "course_not_over"
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("persona", ["civility_staff", "worker_dajing", "resident", "outsider"])
def test_only_the_series_organisers_issue(world, personas, persona):
    series = course(world, personas, attendance=ATTENDANCE)
    with pytest.raises(EventError) as refused:
        completion.completions_certify(actor=personas[persona], series=series)
    assert refused.value.status == 403
    assert not Certificate.objects.exists()


def test_the_organiser_page_issues_in_one_post_and_shows_the_summary(world, personas, client_for):
    series = course(world, personas, attendance=ATTENDANCE)
    session = series.sessions.order_by("session_no").first()
    url = f"/staff/events/{session.pk}/completion/"
    detail = client_for("worker_jiaolong").get(f"/staff/events/{session.pk}/")
    assert url in detail.content.decode()
    client = client_for("worker_jiaolong")  # a community worker organises the community's events
    page = client.get(url).content.decode()
    assert "为达到出勤要求的学员颁发结业证书" in page and "3/5" in page and "all**" not in page
    html = client.post(url).content.decode()
    assert "本次颁发 2 张；已颁发过 0 人；未达到出勤要求 2 人。" in html
    assert "t****" in html  # masked names with their attendance
    html = client.post(url).content.decode()
    assert "本次颁发 0 张；已颁发过 2 人；未达到出勤要求 2 人。" in html
    assert Certificate.objects.count() == 2
    three = Registration.objects.filter(person__username="three").first().person
    response = client.post(url, {"person": three.pk}, follow=True)
    assert "未达到结业要求" in response.content.decode()
    assert client.post(url, {"person": "999999"}).status_code == 404
    assert client.post(url, {"person": "junk"}).status_code == 404
    assert client_for("civility_staff").post(url).status_code == 404
    assert Certificate.objects.count() == 2


def test_a_single_event_has_no_completion_page(world, personas, client_for):
    from tests.events.helpers import published_event

    event = published_event(world, personas)
    assert (
        client_for("civility_staff").get(f"/staff/events/{event.pk}/completion/").status_code == 404
    )
