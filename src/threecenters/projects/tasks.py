"""Background work for projects: reminders about milestones that are due soon or overdue."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core.tasks import durable_task
from threecenters.notify.services import notification_send
from threecenters.projects import registry, selectors


@durable_task
def milestone_reminders_send(days_ahead: int = 3) -> int:
    """Remind the people each project's owner kind names of open milestones due within
    ``days_ahead`` days or overdue. Each reminder is sent once per milestone, due date and kind
    (due soon / overdue), however often the task runs and however many workers run it."""
    today = timezone.localdate()
    sent = 0
    audience: dict[int, tuple[registry.OwnerKind, list, str] | None] = {}
    for milestone in selectors.milestones_needing_reminder(today=today, days_ahead=days_ahead):
        project = milestone.project
        if project.pk not in audience:
            try:
                kind = registry.get(project.kind)
            except LookupError:
                audience[project.pk] = None
            else:
                audience[project.pk] = (kind, list(kind.recipients(project)), kind.url(project))
        if audience[project.pk] is None:
            continue
        kind, recipients, url = audience[project.pk]
        overdue = milestone.due_on < today
        if overdue:
            title = _("里程碑已逾期：%(title)s") % {"title": milestone.title}
        else:
            title = _("里程碑即将到期：%(title)s") % {"title": milestone.title}
        body = _("%(project)s，截止日期 %(due)s") % {
            "project": project.title,
            "due": milestone.due_on.isoformat(),
        }
        due = "overdue" if overdue else "due"
        for user in recipients:
            if notification_send(
                user=user,
                kind=kind.notification_kind,
                title=title,
                body=body,
                url=url,
                dedupe_key=f"milestone-{milestone.pk}-{milestone.due_on}-{due}-{user.pk}",
            ):
                sent += 1
    return sent
