"""The data migration that moves proposals' tracking into projects, run on rows written at the
state before it (proposals 0002), forward and back, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("proposals", "0002_case_link")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_rows(apps, world, personas) -> dict:
    Proposal = apps.get_model("proposals", "Proposal")
    Application = apps.get_model("reviews", "Application")
    Transition = apps.get_model("reviews", "Transition")
    Milestone = apps.get_model("proposals", "Milestone")
    ProgressUpdate = apps.get_model("proposals", "ProgressUpdate")
    ClosingReport = apps.get_model("proposals", "ClosingReport")
    worker, staff = personas["worker_jiaolong"], personas["governance_staff"]
    started = timezone.now() - datetime.timedelta(days=30)

    def proposal(title, state, outcome="approved"):
        app = None
        if state:
            app = Application.objects.create(
                kind="proposal", state=state, outcome=outcome, applicant_id=worker.pk
            )
        return Proposal.objects.create(
            title=title,
            type="activity_space",
            community_id=world["communities"]["jiaolong"].pk,
            subdistrict_id=world["subdistrict"].pk,
            author_id=worker.pk,
            application=app,
        )

    running = proposal("活动中心", "in_progress")
    Transition.objects.create(
        application=running.application,
        from_state="decided",
        to_state="in_progress",
        actor_id=staff.pk,
        at=started,
    )
    done = Milestone.objects.create(
        proposal=running,
        title="清理",
        due_on=datetime.date(2026, 3, 1),
        weight=1,
        done_at=started + datetime.timedelta(days=3),
    )
    open_ = Milestone.objects.create(
        proposal=running, title="采购", due_on=datetime.date(2026, 4, 1), weight=3
    )
    update = ProgressUpdate.objects.create(
        proposal=running, author_id=worker.pk, text="清理完成", photo="proposals/2026/03/a.jpg"
    )
    finished = proposal("儿童角", "closed")
    Milestone.objects.create(proposal=finished, title="布置", due_on=datetime.date(2026, 2, 1))
    report = ClosingReport.objects.create(
        proposal=finished,
        summary="运行良好",
        participants_total=300,
        activities_count=12,
        spent_fen=5_000_050,
        author_id=worker.pk,
    )
    just_started = proposal("微更新", "in_progress")
    rejected = proposal("被否决", "decided", outcome="rejected")
    draft = proposal("草稿", "")
    return {
        "running": running.pk,
        "finished": finished.pk,
        "just_started": just_started.pk,
        "untracked": [rejected.pk, draft.pk],
        "milestones": {done.pk: "清理", open_.pk: "采购"},
        "update": update.pk,
        "report": report.pk,
        "started": started,
    }


@pytest.mark.django_db(transaction=True)
def test_tracking_moves_into_one_project_per_proposal_and_back(world, personas):
    try:
        rows = _old_rows(_migrate(BEFORE), world, personas)
        apps = _migrate(_leaves())
        Proposal = apps.get_model("proposals", "Proposal")
        Project = apps.get_model("projects", "Project")
        Milestone = apps.get_model("projects", "Milestone")
        ProgressUpdate = apps.get_model("projects", "ProgressUpdate")
        ClosingReport = apps.get_model("projects", "ClosingReport")

        assert Project.objects.count() == 3
        running = Proposal.objects.get(pk=rows["running"]).project
        assert running.kind == "proposal" and running.status == "active"
        assert (
            running.title == "活动中心"
            and running.community_id == world["communities"]["jiaolong"].pk
        )
        assert running.started_at == rows["started"]
        assert running.started_by_id == personas["governance_staff"].pk
        # the rows keep their keys (reminders already sent are keyed by milestone)
        moved = {m.pk: m.title for m in Milestone.objects.filter(project=running)}
        assert moved == rows["milestones"]
        assert Milestone.objects.filter(project=running, done_at__isnull=False).count() == 1
        update = ProgressUpdate.objects.get(pk=rows["update"])
        assert update.project_id == running.pk and update.photo.name == "proposals/2026/03/a.jpg"

        finished = Proposal.objects.get(pk=rows["finished"]).project
        assert finished.status == "closed" and finished.closed_at is not None
        report = ClosingReport.objects.get(pk=rows["report"])
        assert report.project_id == finished.pk and report.spent_fen == 5_000_050
        assert Proposal.objects.get(pk=rows["just_started"]).project.status == "active"
        assert not Proposal.objects.filter(pk__in=rows["untracked"], project__isnull=False)

        # new rows get fresh keys after the copied ones (PostgreSQL's sequences were moved)
        new = Milestone.objects.create(
            project=running, title="验收", due_on=datetime.date(2026, 5, 1), weight=1
        )
        assert new.pk > max(rows["milestones"])
        new.delete()

        old = _migrate(BEFORE)
        OldMilestone = old.get_model("proposals", "Milestone")
        OldClosing = old.get_model("proposals", "ClosingReport")
        back = {m.pk: m.title for m in OldMilestone.objects.filter(proposal_id=rows["running"])}
        assert back == rows["milestones"]
        assert OldClosing.objects.get(pk=rows["report"]).proposal_id == rows["finished"]
        assert old.get_model("proposals", "ProgressUpdate").objects.get(pk=rows["update"])
    finally:
        _migrate(_leaves())
