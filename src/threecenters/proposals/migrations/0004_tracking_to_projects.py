"""Move each proposal's tracking (milestones, progress updates, closing report) into a project of
the projects kernel: one project per proposal that is in progress, closed, or has tracking rows.
Rows keep their primary keys, so reminders already sent (keyed by milestone) are not sent again
and stored photo paths stay where they are. Reversible: the rows go back the same way."""

from django.core.management.color import no_style
from django.db import migrations
from django.db.models import Q

KIND = "proposal"


def _reset_sequences(schema_editor, models) -> None:
    # rows were written with explicit keys; PostgreSQL's sequences must move past them (SQLite
    # keeps its counter in step by itself)
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    Proposal = apps.get_model("proposals", "Proposal")
    OldMilestone = apps.get_model("proposals", "Milestone")
    OldUpdate = apps.get_model("proposals", "ProgressUpdate")
    OldClosing = apps.get_model("proposals", "ClosingReport")
    Transition = apps.get_model("reviews", "Transition")
    Project = apps.get_model("projects", "Project")
    Milestone = apps.get_model("projects", "Milestone")
    ProgressUpdate = apps.get_model("projects", "ProgressUpdate")
    ClosingReport = apps.get_model("projects", "ClosingReport")

    tracked = (
        Q(application__state__in=["in_progress", "closed"])
        | Q(pk__in=OldMilestone.objects.using(db).values("proposal_id"))
        | Q(pk__in=OldUpdate.objects.using(db).values("proposal_id"))
        | Q(pk__in=OldClosing.objects.using(db).values("proposal_id"))
    )
    proposals = (
        Proposal.objects.using(db)
        .filter(tracked, project__isnull=True)
        .select_related("application")
        .order_by("pk")
    )
    for proposal in proposals.iterator(chunk_size=200):
        app = proposal.application
        moves = Transition.objects.using(db).filter(application_id=proposal.application_id)
        start = moves.filter(to_state="in_progress").order_by("at", "id").first()
        end = moves.filter(to_state="closed").order_by("at", "id").first()
        closing = OldClosing.objects.using(db).filter(proposal_id=proposal.pk).first()
        closed = closing is not None or (app is not None and app.state == "closed")
        started_at = (
            (start.at if start else None)
            or (app.decided_at if app else None)
            or proposal.submitted_at
            or proposal.created_at
        )
        closed_at = (closing.at if closing else None) or (end.at if end else None)
        project = Project.objects.using(db).create(
            kind=KIND,
            title=proposal.title[:100],
            subdistrict_id=proposal.subdistrict_id,
            community_id=proposal.community_id,
            status="closed" if closed else "active",
            started_at=started_at,
            started_by_id=start.actor_id if start else None,
            closed_at=(closed_at or started_at) if closed else None,
        )
        Proposal.objects.using(db).filter(pk=proposal.pk).update(project=project)
        Milestone.objects.using(db).bulk_create(
            Milestone(
                id=m.id,
                project_id=project.pk,
                title=m.title,
                due_on=m.due_on,
                weight=m.weight,
                done_at=m.done_at,
                created_at=m.created_at,
            )
            for m in OldMilestone.objects.using(db).filter(proposal_id=proposal.pk)
        )
        ProgressUpdate.objects.using(db).bulk_create(
            ProgressUpdate(
                id=u.id,
                project_id=project.pk,
                author_id=u.author_id,
                text=u.text,
                photo=u.photo.name,
                at=u.at,
            )
            for u in OldUpdate.objects.using(db).filter(proposal_id=proposal.pk)
        )
        if closing is not None:
            ClosingReport.objects.using(db).create(
                id=closing.id,
                project_id=project.pk,
                summary=closing.summary,
                participants_total=closing.participants_total,
                activities_count=closing.activities_count,
                spent_fen=closing.spent_fen,
                author_id=closing.author_id,
                at=closing.at,
            )
    _reset_sequences(schema_editor, [Milestone, ProgressUpdate, ClosingReport])


def backward(apps, schema_editor):
    db = schema_editor.connection.alias
    Proposal = apps.get_model("proposals", "Proposal")
    OldMilestone = apps.get_model("proposals", "Milestone")
    OldUpdate = apps.get_model("proposals", "ProgressUpdate")
    OldClosing = apps.get_model("proposals", "ClosingReport")
    Project = apps.get_model("projects", "Project")
    Milestone = apps.get_model("projects", "Milestone")
    ProgressUpdate = apps.get_model("projects", "ProgressUpdate")
    ClosingReport = apps.get_model("projects", "ClosingReport")

    for proposal in Proposal.objects.using(db).filter(project__isnull=False).order_by("pk"):
        project_id = proposal.project_id
        OldMilestone.objects.using(db).bulk_create(
            OldMilestone(
                id=m.id,
                proposal_id=proposal.pk,
                title=m.title,
                due_on=m.due_on,
                weight=m.weight,
                done_at=m.done_at,
                created_at=m.created_at,
            )
            for m in Milestone.objects.using(db).filter(project_id=project_id)
        )
        OldUpdate.objects.using(db).bulk_create(
            OldUpdate(
                id=u.id,
                proposal_id=proposal.pk,
                author_id=u.author_id,
                text=u.text,
                photo=u.photo.name,
                at=u.at,
            )
            for u in ProgressUpdate.objects.using(db).filter(project_id=project_id)
        )
        closing = ClosingReport.objects.using(db).filter(project_id=project_id).first()
        if closing is not None:
            OldClosing.objects.using(db).create(
                id=closing.id,
                proposal_id=proposal.pk,
                summary=closing.summary,
                participants_total=closing.participants_total,
                activities_count=closing.activities_count,
                spent_fen=closing.spent_fen,
                author_id=closing.author_id,
                at=closing.at,
            )
        Proposal.objects.using(db).filter(pk=proposal.pk).update(project=None)
        Project.objects.using(db).filter(pk=project_id).delete()
    _reset_sequences(schema_editor, [OldMilestone, OldUpdate, OldClosing])


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_proposal_project"),
        ("projects", "0001_initial"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
