"""The workspace as a staff member's starting point: a to-do list counted by the database for the
person's scope, an approval list with what the decision needs and bulk decisions, a queue of
photos waiting for moderation, and every staff page reachable by links from the workspace."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from tests.events.helpers import published_event, starting_soon
from tests.events.test_photos import jpeg_with_gps
from threecenters.core import shell
from threecenters.core.models import AuditEntry, TaskFailure
from threecenters.events import services
from threecenters.events.models import Photo, Registration
from threecenters.people.models import DeletionRequest, ResidentProfile, ResidentTag

pytestmark = pytest.mark.django_db
Status = Registration.Status


def todo_counts(user) -> dict[str, int]:
    return {t.key: t.count for t in shell.todos(user)}


@pytest.fixture
def approval_event(world, personas):
    return published_event(world, personas, approval_required=True, capacity=5)


@pytest.fixture
def waiting(approval_event, personas, world):
    """Two sign-ups waiting for approval: the resident (a profile in 大井 with a tag) and the
    volunteer (no profile)."""
    tag = ResidentTag.objects.create(name="独居老人")
    profile, _ = ResidentProfile.objects.get_or_create(
        user=personas["resident"], defaults={"community": world["communities"]["dajing"]}
    )
    profile.tags.add(tag)
    regs = [
        services.registration_create(event=approval_event, person=personas[name])[0]
        for name in ("resident", "volunteer")
    ]
    assert {r.status for r in regs} == {Status.AWAITING_APPROVAL}
    return regs


def test_the_to_do_list_counts_what_waits_in_the_persons_scope(waiting, personas, client_for):
    assert todo_counts(personas["civility_staff"])["event-approvals"] == 2
    # the incubator's staff run no event here; a resident has no to-do list at all
    assert "event-approvals" not in todo_counts(personas["incubator_staff"])
    assert todo_counts(personas["resident"]) == {}
    page = client_for("civility_staff").get("/staff/").content.decode()
    assert "待审核的报名" in page
    assert re.search(
        r'href="/staff/events/approvals/">待审核的报名</a> <span class="count"[^>]*>2<', page
    )


def test_nothing_waiting_says_so(personas, client_for):
    page = client_for("civility_staff").get("/staff/").content.decode()
    assert "目前没有待办事项。" in page


def test_deletion_requests_and_failed_tasks_are_on_the_list_of_who_handles_them(personas):
    DeletionRequest.objects.create(user=personas["resident"], reason="搬走了")
    TaskFailure.objects.create(
        task_name="threecenters.notify.tasks.send_sms", attempt=3, will_retry=False, error="timeout"
    )
    sysadmin = todo_counts(personas["sysadmin"])
    assert sysadmin.get("task-failures") == 1
    handlers = [
        n for n in ("admin", "security", "sysadmin") if "deletions" in todo_counts(personas[n])
    ]
    assert handlers, "someone must see the pending deletion request"
    assert "deletions" not in todo_counts(personas["civility_staff"])


def test_the_approval_list_shows_what_the_decision_needs(waiting, personas, client_for):
    page = client_for("civility_staff").get("/staff/events/approvals/").content.decode()
    resident, volunteer = personas["resident"], personas["volunteer"]
    assert resident.public_number in page and volunteer.public_number in page
    assert "大井社区" in page and "独居老人" in page
    assert resident.masked_mobile in page if resident.masked_mobile else True
    assert "✓ 符合" in page
    assert "共 2 条待审核。" in page
    if resident.mobile:
        assert resident.mobile not in page


def test_the_eligibility_result_names_the_rule_a_person_fails(world, personas, client_for):
    event = published_event(world, personas, approval_required=True)
    event.eligibility = event.Eligibility.COMMUNITIES
    event.save(update_fields=["eligibility"])
    event.eligible_communities.set([world["communities"]["dajing"]])
    Registration.objects.create(
        event=event, person=personas["volunteer"], status=Status.AWAITING_APPROVAL
    )
    page = client_for("civility_staff").get("/staff/events/approvals/").content.decode()
    assert "✗ 不符合" in page and "本活动只接受指定社区的居民报名。" in page


def test_bulk_approve_decides_each_through_the_one_service(waiting, personas, client_for):
    client = client_for("civility_staff")
    ids = [str(r.pk) for r in waiting]
    response = client.post(
        "/staff/events/approvals/", {"action": "approve", "registration": ids}, follow=True
    )
    assert "已通过 2 人。" in response.content.decode()
    assert set(Registration.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.REGISTERED
    }
    assert AuditEntry.objects.filter(action="events.registration.decide").count() == 2
    assert "event-approvals" not in todo_counts(personas["civility_staff"])
    # the same submission again (a double submit) changes nothing and says why
    again = client.post(
        "/staff/events/approvals/", {"action": "approve", "registration": ids}, follow=True
    ).content.decode()
    assert "已通过 0 人。" in again and "该报名不在待审核状态。" in again
    assert AuditEntry.objects.filter(action="events.registration.decide").count() == 2


def test_bulk_reject(waiting, client_for):
    client_for("civility_staff").post(
        "/staff/events/approvals/", {"action": "reject", "registration": [waiting[0].pk]}
    )
    assert Registration.objects.get(pk=waiting[0].pk).status == Status.REJECTED
    assert Registration.objects.get(pk=waiting[1].pk).status == Status.AWAITING_APPROVAL


@pytest.mark.parametrize(
    "data",
    [
        {"action": "approve"},
        {"action": "approve", "registration": ["abc", "-1", "9" * 30]},
        {"action": "delete", "registration": ["1"]},
    ],
)
def test_bad_bulk_input_changes_nothing_and_says_so(waiting, client_for, data):
    response = client_for("civility_staff").post("/staff/events/approvals/", data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "请至少选择一项。" in page or "此项的值无效。" in page
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.AWAITING_APPROVAL}


def test_another_centers_staff_cannot_decide_these_sign_ups(waiting, client_for):
    ids = [r.pk for r in waiting]
    for name in ("incubator_staff", "outsider"):
        response = client_for(name).post(
            "/staff/events/approvals/", {"action": "approve", "registration": ids}, follow=True
        )
        assert "您没有权限执行此操作。" in response.content.decode()
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.AWAITING_APPROVAL}
    # and their list does not show them
    page = client_for("incubator_staff").get("/staff/events/approvals/").content.decode()
    assert "没有待审核的报名。" in page


def test_residents_cannot_open_the_approval_list(client_for):
    assert client_for("resident").get("/staff/events/approvals/").status_code == 403


@pytest.fixture
def pending_photo(world, personas):
    event = published_event(world, personas, **starting_soon())
    reg, _ = services.registration_create(event=event, person=personas["resident"])
    services.registration_check_in(event=event, actor=personas["civility_staff"], code=reg.code)
    services.event_finish(actor=personas["civility_staff"], event=event)
    event.refresh_from_db()
    upload = SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg")
    photo = services.photo_add(event=event, actor=personas["resident"], upload=upload)
    assert photo.status == Photo.Status.PENDING
    return photo


def test_the_photo_queue_lists_and_moderates_pending_photos(pending_photo, personas, client_for):
    assert todo_counts(personas["civility_staff"])["event-photos"] == 1
    client = client_for("civility_staff")
    page = client.get("/staff/events/photos/").content.decode()
    assert pending_photo.event.title in page and "共 1 张待审核。" in page
    client.post("/staff/events/photos/", {"photo": pending_photo.pk, "status": "approved"})
    assert Photo.objects.get(pk=pending_photo.pk).status == Photo.Status.APPROVED
    assert "event-photos" not in todo_counts(personas["civility_staff"])
    # a photo already handled, or another's, is refused with a message and nothing changes
    response = client.post(
        "/staff/events/photos/", {"photo": pending_photo.pk, "status": "hidden"}, follow=True
    )
    assert "该照片已处理或不存在。" in response.content.decode()
    assert Photo.objects.get(pk=pending_photo.pk).status == Photo.Status.APPROVED


def test_another_centers_staff_cannot_moderate_the_photo(pending_photo, client_for):
    client_for("incubator_staff").post(
        "/staff/events/photos/", {"photo": pending_photo.pk, "status": "approved"}
    )
    assert Photo.objects.get(pk=pending_photo.pk).status == Photo.Status.PENDING


# ---------------------------------------------------------------- every staff page is linked
def _staff_urls() -> list[str]:
    """Every address under a ``staff/`` path that takes no parameter."""
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "staff/" in route and "<" not in route and not route.endswith((".csv", ".xlsx")):
                    found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


LINK = re.compile(r'href="(/[^"?#]*)')


@pytest.mark.parametrize(
    "persona",
    [
        "worker_dajing",
        "civility_staff",
        "governance_staff",
        "admin",
        "sysadmin",
        "security",
        "auditor",
        "expert",
    ],
)
def test_every_staff_page_a_person_may_open_is_linked_from_the_workspace(
    personas, client_for, persona
):
    """Staff start at the workspace; roles without one (security, audit) at "我的". From there,
    the workspace navigation and one click further reach every staff page they may open."""
    client = client_for(persona)
    reachable: set[str] = set()
    for start in ("/staff/", "/mine/"):
        response = client.get(start)
        if response.status_code == 200:
            reachable |= set(LINK.findall(response.content.decode()))
    nav = [link.url for link in shell.links(shell.WORKSPACE, personas[persona])]
    for url in nav:  # one click further: the list pages link their "new" and "import" forms
        response = client.get(url)
        if response.status_code == 200:
            reachable |= set(LINK.findall(response.content.decode()))
    opened = [url for url in _staff_urls() if client.get(url).status_code == 200]
    missing = [url for url in opened if url not in reachable and url != "/staff/"]
    assert not missing, f"{persona} may open these staff pages but nothing links them: {missing}"
