"""The projects kernel on its own: weighted progress, overdue milestones, reminders sent once,
closing and finishing, permissions from the owner kind, and refusals that change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from threecenters.core.kit import ServiceError
from threecenters.core.models import AuditEntry
from threecenters.notify.models import Notification
from threecenters.projects import selectors
from threecenters.projects import services as projects
from threecenters.projects.models import ClosingReport, Milestone, ProgressUpdate, Status
from threecenters.projects.tasks import milestone_reminders_send

pytestmark = pytest.mark.django_db


def _add(project, personas, title="设计", days=5, weight=1):
    return projects.milestone_add(
        actor=personas["worker_jiaolong"],
        project=project,
        title=title,
        due_on=timezone.localdate() + timedelta(days=days),
        weight=weight,
    )


def test_progress_is_the_weighted_share_of_done_milestones(project, personas):
    a = _add(project, personas, "设计", weight=1)
    _add(project, personas, "施工", weight=2)
    assert selectors.progress_percent(project.milestones.all()) == 0
    projects.milestone_complete(actor=personas["worker_jiaolong"], milestone=a)
    # 1 of 3 weight units: 33.3 % rounds to 33
    assert selectors.progress_percent(project.milestones.all()) == 33
    assert selectors.progress_percent([]) == 0


def test_a_weight_below_one_is_refused_and_nothing_is_added(project, personas):
    with pytest.raises(ServiceError) as err:
        _add(project, personas, weight=0)
    assert err.value.status == 422 and "weight" in err.value.fields
    assert not Milestone.objects.exists()


def test_overdue_means_open_and_past_its_due_date(project, personas):
    late = _add(project, personas, "逾期", days=-1)
    done_late = _add(project, personas, "已完成", days=-3)
    _add(project, personas, "今天", days=0)
    projects.milestone_complete(actor=personas["worker_jiaolong"], milestone=done_late)
    assert list(Milestone.objects.overdue()) == [late]
    late.refresh_from_db()
    done_late.refresh_from_db()
    assert late.overdue and not done_late.overdue


def test_reminders_are_sent_once_per_milestone_and_kind(project, personas, owner_kind):
    worker = personas["worker_jiaolong"]
    _add(project, personas, "逾期的", days=-2)
    soon = _add(project, personas, "快到期的", days=2)
    _add(project, personas, "还早的", days=30)
    assert milestone_reminders_send.enqueue().return_value == 2
    assert milestone_reminders_send.enqueue().return_value == 0
    reminders = Notification.objects.filter(user=worker, kind=owner_kind.notification_kind)
    assert reminders.count() == 2
    assert {n.url for n in reminders} == {f"/owner/{project.pk}/"}
    assert reminders.filter(title__contains="逾期").count() == 1
    # once the due soon milestone is overdue, that is a new reminder, and only that
    Milestone.objects.filter(pk=soon.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert milestone_reminders_send.enqueue().return_value == 1


def test_a_project_that_is_no_longer_active_is_not_reminded(project, personas):
    _add(project, personas, "逾期的", days=-2)
    projects.closing_report_submit(
        actor=personas["worker_jiaolong"],
        project=project,
        summary="完成",
        participants_total=10,
        activities_count=1,
        spent_fen=0,
    )
    assert milestone_reminders_send.enqueue().return_value == 0
    assert not Notification.objects.exists()


def test_closing_is_allowed_with_open_milestones_then_tracking_stops(project, personas):
    worker = personas["worker_jiaolong"]
    open_one = _add(project, personas, "未完成")
    report = projects.closing_report_submit(
        actor=worker,
        project=project,
        summary="按期完成",
        participants_total=120,
        activities_count=4,
        spent_fen=1_000_050,
    )
    project.refresh_from_db()
    assert project.status == Status.CLOSING and report.spent_fen == 1_000_050
    for refused in (
        lambda: _add(project, personas, "再加一个"),
        lambda: projects.milestone_complete(actor=worker, milestone=open_one),
        lambda: projects.progress_update_add(actor=worker, project=project, text="x"),
    ):
        with pytest.raises(ServiceError) as err:
            refused()
        assert err.value.status == 409 and err.value.code == "not_in_progress"
    open_one.refresh_from_db()
    assert open_one.done_at is None and Milestone.objects.count() == 1
    projects.project_finish(actor=worker, project=project)
    project.refresh_from_db()
    assert project.status == Status.CLOSED and project.closed_at is not None
    with pytest.raises(ServiceError) as err:
        projects.project_finish(actor=worker, project=project)
    assert err.value.status == 409


def test_a_second_closing_report_is_refused(project, personas):
    kwargs = {"summary": "完成", "participants_total": 1, "activities_count": 1, "spent_fen": 100}
    projects.closing_report_submit(actor=personas["worker_jiaolong"], project=project, **kwargs)
    with pytest.raises(ServiceError) as err:
        projects.closing_report_submit(actor=personas["worker_jiaolong"], project=project, **kwargs)
    assert err.value.status == 409
    assert ClosingReport.objects.count() == 1


def test_negative_spending_is_refused_and_the_project_stays_active(project, personas):
    with pytest.raises(ServiceError) as err:
        projects.closing_report_submit(
            actor=personas["worker_jiaolong"],
            project=project,
            summary="完成",
            participants_total=1,
            activities_count=1,
            spent_fen=-1,
        )
    assert err.value.status == 422 and "spent_fen" in err.value.fields
    project.refresh_from_db()
    assert project.status == Status.ACTIVE and not ClosingReport.objects.exists()


def test_someone_outside_the_scope_cannot_track_and_nothing_changes(project, personas):
    m = _add(project, personas)
    for outsider in ("worker_dajing", "resident", "admin", "governance_staff"):
        user = personas[outsider]
        assert not user.has_perm("projects.track", project)
        with pytest.raises(ServiceError) as err:
            projects.milestone_add(
                actor=user, project=project, title="x", due_on=timezone.localdate()
            )
        assert err.value.status == 403
        with pytest.raises(ServiceError):
            projects.milestone_complete(actor=user, milestone=m)
        with pytest.raises(ServiceError):
            projects.progress_update_add(actor=user, project=project, text="x")
    m.refresh_from_db()
    assert Milestone.objects.count() == 1 and m.done_at is None
    assert not ProgressUpdate.objects.exists()
    # the refusals are in the audit trail although the refused work rolled back
    assert (
        AuditEntry.objects.filter(
            action="project.milestone_added", outcome=AuditEntry.Outcome.FAILURE
        ).count()
        == 4
    )
    # the owner kind also decides who sees it
    assert personas["admin"].has_perm("projects.view", project)
    assert not personas["worker_dajing"].has_perm("projects.view", project)


def test_an_unregistered_kind_is_seen_and_tracked_by_nobody(project, personas, owner_kind):
    from threecenters.projects import registry

    registry.unregister(owner_kind.key)
    try:
        assert not personas["worker_jiaolong"].has_perm("projects.track", project)
        assert not personas["worker_jiaolong"].has_perm("projects.view", project)
    finally:
        registry.register(owner_kind)


def test_completing_twice_completes_once(project, personas):
    worker = personas["worker_jiaolong"]
    m = _add(project, personas)
    first = projects.milestone_complete(actor=worker, milestone=m)
    done_at = first.done_at
    again = projects.milestone_complete(
        actor=personas["worker_jiaolong"], milestone=Milestone.objects.get(pk=m.pk)
    )
    assert again.done_at == done_at and again.done_by_id == worker.pk
    assert AuditEntry.objects.filter(action="project.milestone_done").count() == 1


def test_an_update_reports_a_percentage_or_a_milestone_of_its_own_project(project, personas, world):
    worker = personas["worker_jiaolong"]
    m = _add(project, personas)
    update = projects.progress_update_add(
        actor=worker, project=project, text="完成一半", percent=50, milestone=m
    )
    assert update.percent == 50 and update.milestone_id == m.pk
    other = projects.project_create(
        actor=worker,
        kind=project.kind,
        title="另一个",
        subdistrict=world["subdistrict"],
        community=world["communities"]["jiaolong"],
    )
    for bad, field in (({"percent": 101}, "percent"), ({"milestone": m}, "milestone")):
        with pytest.raises(ServiceError) as err:
            projects.progress_update_add(actor=worker, project=other, text="x", **bad)
        assert err.value.status == 422 and field in err.value.fields
    with pytest.raises(ServiceError) as err:
        projects.progress_update_add(actor=worker, project=project, text="   ")
    assert err.value.status == 422
    assert ProgressUpdate.objects.count() == 1
