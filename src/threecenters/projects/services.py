"""Writes for projects: start, milestones, progress updates, the closing report, finishing.

Every tracking service re-reads the project under a row lock and refuses unless it is active
(409), then asks ``projects.track`` — the owner kind's predicate — for the actor (403). State
changes are conditional updates, so two people doing the same thing at once change it once.
"""

from __future__ import annotations

from datetime import date

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError, refusal_audit, service
from threecenters.core.models import Area, User
from threecenters.projects import registry
from threecenters.projects.models import ClosingReport, Milestone, ProgressUpdate, Project, Status


def _not_active() -> ServiceError:
    return ServiceError(_("只有实施中的项目可以记录进度。"), code="not_in_progress", status=409)


def _tracked(*, actor: User, project: Project, action: str) -> Project:
    """The project, re-read under a lock, if it is active and the actor may track it."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    # keep what the caller already loaded (the owner the kind's predicate reads)
    project.status, project.closed_at = locked.status, locked.closed_at
    if project.status != Status.ACTIVE:
        raise _not_active()
    if not actor.has_perm("projects.track", project):
        refusal_audit(actor=actor, action=action, obj=project)
        raise ServiceError(_("您不能记录此项目的进度。"), code="forbidden", status=403)
    return project


def _text(value: str, *, field: str, limit: int, message: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise ServiceError(message, code="invalid", status=422, field=field)
    return value


@service
def project_create(
    *, actor: User, kind: str, title: str, subdistrict: Area, community: Area | None = None
) -> Project:
    """Start a project for an owner of ``kind``; the owner links itself to the result."""
    registry.get(kind)  # an unregistered kind is a programming error, not a refusal
    project = Project.objects.create(
        kind=kind,
        title=title[:100],
        subdistrict=subdistrict,
        community=community,
        started_by=actor,
    )
    audit_record(actor=actor, action="project.created", obj=project, changes={"kind": kind})
    return project


@service
def milestone_add(
    *, actor: User, project: Project, title: str, due_on: date, weight: int = 1
) -> Milestone:
    project = _tracked(actor=actor, project=project, action="project.milestone_added")
    title = _text(title, field="title", limit=100, message=_("请填写里程碑（不超过 100 字）。"))
    if weight < 1:
        raise ServiceError(_("权重至少为 1。"), code="invalid", status=422, field="weight")
    milestone = Milestone.objects.create(project=project, title=title, due_on=due_on, weight=weight)
    audit_record(
        actor=actor, action="project.milestone_added", obj=project, changes={"title": title}
    )
    return milestone


@service
def milestone_complete(*, actor: User, milestone: Milestone) -> Milestone:
    """Mark a milestone done; a second submit (or two at once) completes it once."""
    _tracked(actor=actor, project=milestone.project, action="project.milestone_done")
    done = Milestone.objects.filter(pk=milestone.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    milestone.refresh_from_db(fields=["done_at", "done_by"])
    if done:
        audit_record(
            actor=actor,
            action="project.milestone_done",
            obj=milestone.project,
            changes={"milestone": milestone.title},
        )
    return milestone


@service
def progress_update_add(
    *,
    actor: User,
    project: Project,
    text: str,
    photo: tuple[File, str] | None = None,
    percent: int | None = None,
    milestone: Milestone | None = None,
) -> ProgressUpdate:
    """Post an update; ``photo`` is an upload the caller has checked and its extension
    (``threecenters.core.uploads``)."""
    project = _tracked(actor=actor, project=project, action="project.progress_update")
    text = _text(text, field="text", limit=5000, message=_("请填写进展（不超过 5000 字）。"))
    if percent is not None and not 0 <= percent <= 100:
        raise ServiceError(
            _("完成比例应在 0 到 100 之间。"), code="invalid", status=422, field="percent"
        )
    if milestone is not None and milestone.project_id != project.pk:
        raise ServiceError(
            _("该里程碑不属于此项目。"), code="invalid", status=422, field="milestone"
        )
    update = ProgressUpdate(
        project=project, author=actor, text=text, percent=percent, milestone=milestone
    )
    if photo is not None:
        upload, extension = photo
        upload.name = f"update.{extension}"
        update.photo = upload
    update.save()
    audit_record(actor=actor, action="project.progress_update", obj=project)
    return update


@service
def closing_report_submit(
    *,
    actor: User,
    project: Project,
    summary: str,
    participants_total: int,
    activities_count: int,
    spent_fen: int,
) -> ClosingReport:
    """File the closing report: the project moves to ``closing`` and tracking stops. Open
    milestones do not hold it back; they stay on the record as not done."""
    project = _tracked(actor=actor, project=project, action="project.closing_report")
    summary = _text(summary, field="summary", limit=10000, message=_("请填写结项总结。"))
    for name, value in (
        ("participants_total", participants_total),
        ("activities_count", activities_count),
        ("spent_fen", spent_fen),
    ):
        if value < 0:
            raise ServiceError(_("不能为负数。"), code="invalid", status=422, field=name)
    if not Project.objects.filter(pk=project.pk, status=Status.ACTIVE).update(
        status=Status.CLOSING
    ):
        raise _not_active()
    project.status = Status.CLOSING
    report = ClosingReport.objects.create(
        project=project,
        summary=summary,
        participants_total=participants_total,
        activities_count=activities_count,
        spent_fen=spent_fen,
        author=actor,
    )
    audit_record(actor=actor, action="project.closing_report", obj=project)
    return report


@service
def project_finish(*, actor: User, project: Project) -> Project:
    """Close a project whose closing report is filed (``closing`` → ``closed``). The owner
    decides who may, and calls this when its own closing step is done."""
    now = timezone.now()
    if not Project.objects.filter(pk=project.pk, status=Status.CLOSING).update(
        status=Status.CLOSED, closed_at=now
    ):
        raise ServiceError(_("只有已提交结项报告的项目可以结项。"), code="not_closing", status=409)
    project.status, project.closed_at = Status.CLOSED, now
    audit_record(actor=actor, action="project.closed", obj=project)
    return project
