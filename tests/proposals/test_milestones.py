"""Approved projects: milestones roll up into progress; overdue ones are highlighted and
reminded once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from threecenters.notify.models import Notification
from threecenters.projects import selectors
from threecenters.projects.tasks import milestone_reminders_send
from threecenters.proposals import services
from threecenters.reviews.models import State
from threecenters.reviews.services import ReviewError

pytestmark = pytest.mark.django_db


def test_progress_is_the_weighted_share_of_done_milestones(in_progress, personas):
    worker = personas["worker_jiaolong"]
    today = timezone.localdate()
    a = services.milestone_add(
        actor=worker, proposal=in_progress, title="设计", due_on=today, weight=1
    )
    services.milestone_add(actor=worker, proposal=in_progress, title="施工", due_on=today, weight=3)
    services.milestone_complete(actor=worker, milestone=a)
    assert selectors.progress_percent(in_progress.project.milestones.all()) == 25


def test_milestones_need_a_project_in_progress(scored, personas):
    with pytest.raises(ReviewError) as err:
        services.milestone_add(
            actor=personas["worker_jiaolong"],
            proposal=scored,
            title="x",
            due_on=timezone.localdate(),
        )
    assert err.value.status == 409


def test_an_overdue_milestone_is_highlighted_and_reminded_once(in_progress, personas, client_for):
    worker = personas["worker_jiaolong"]
    services.milestone_add(
        actor=worker,
        proposal=in_progress,
        title="场地施工",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    html = client_for("worker_jiaolong").get(f"/proposals/{in_progress.pk}/").content.decode()
    assert "已逾期" in html
    milestone_reminders_send.enqueue()
    milestone_reminders_send.enqueue()
    reminders = Notification.objects.filter(user=worker, kind="proposal.milestone")
    assert reminders.count() == 1
    assert "逾期" in reminders.get().title


def test_the_milestone_api_creates_one(in_progress, client_for):
    response = client_for("worker_jiaolong").post(
        f"/api/v1/proposals/{in_progress.pk}/milestones",
        {"title": "验收", "due_on": "2027-01-31", "weight": 2},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert in_progress.project.milestones.get().weight == 2


def test_closing_records_the_outcome_figures(in_progress, personas):
    report = services.proposal_close(
        actor=personas["worker_jiaolong"],
        proposal=in_progress,
        summary="按期完成",
        participants_total=1200,
        activities_count=40,
        spent_fen=15_000_000,
    )
    in_progress.application.refresh_from_db()
    assert in_progress.application.state == State.CLOSED
    assert report.participants_total == 1200


def test_starting_creates_the_project_and_closing_finishes_it(in_progress, personas):
    from threecenters.projects.models import Status

    project = in_progress.project
    assert project.kind == "proposal" and project.status == Status.ACTIVE
    assert project.title == in_progress.title
    assert project.community_id == in_progress.community_id
    services.proposal_close(
        actor=personas["worker_jiaolong"],
        proposal=in_progress,
        summary="按期完成",
        participants_total=10,
        activities_count=1,
        spent_fen=0,
    )
    project.refresh_from_db()
    assert project.status == Status.CLOSED and project.closing.summary == "按期完成"


def test_outside_the_scope_a_milestone_cannot_be_added_or_completed(
    in_progress, personas, client_for
):
    from threecenters.projects.models import Milestone

    m = services.milestone_add(
        actor=personas["worker_jiaolong"],
        proposal=in_progress,
        title="施工",
        due_on=timezone.localdate(),
    )
    payload = {"title": "外人添加", "due_on": "2027-01-31", "weight": 1}
    for who, page, api in (("worker_dajing", 404, 404), ("expert", 403, 403)):
        client = client_for(who)
        assert client.post(f"/proposals/{in_progress.pk}/milestones/new/", payload).status_code == (
            page
        )
        response = client.post(
            f"/api/v1/proposals/{in_progress.pk}/milestones",
            payload,
            content_type="application/json",
        )
        assert response.status_code == api, who
        done = client.post(f"/proposals/{in_progress.pk}/milestones/{m.pk}/done/")
        assert done.status_code == page, who
    m.refresh_from_db()
    assert m.done_at is None
    assert list(Milestone.objects.values_list("title", flat=True)) == ["施工"]
