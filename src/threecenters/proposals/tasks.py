"""Background work for proposals: reminders about milestones that are due soon or overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from threecenters.core import roles
from threecenters.core.models import User
from threecenters.core.tasks import durable_task
from threecenters.notify.services import notification_send
from threecenters.proposals import selectors


@durable_task
def milestone_reminders_send(days_ahead: int = 3) -> int:
    """Remind the applicant community of open milestones due within ``days_ahead`` days or overdue.
    Each reminder is sent once per milestone, due date and kind (due soon / overdue), however
    often the task runs and however many workers run it."""
    today = timezone.localdate()
    sent = 0
    for milestone in selectors.milestones_needing_reminder(today=today, days_ahead=days_ahead):
        proposal = milestone.proposal
        overdue = milestone.due_on < today
        recipients = {proposal.author_id: proposal.author}
        for user in User.objects.filter(
            roles__role=roles.Role.COMMUNITY_WORKER, roles__area_id=proposal.community_id
        ):
            recipients.setdefault(user.pk, user)
        if overdue:
            title = _("里程碑已逾期：%(title)s") % {"title": milestone.title}
        else:
            title = _("里程碑即将到期：%(title)s") % {"title": milestone.title}
        body = _("%(proposal)s，截止日期 %(due)s") % {
            "proposal": proposal.title,
            "due": milestone.due_on.isoformat(),
        }
        kind = "overdue" if overdue else "due"
        for user in recipients.values():
            if notification_send(
                user=user,
                kind="proposal.milestone",
                title=title,
                body=body,
                url=reverse("proposals:detail", args=[proposal.pk]),
                dedupe_key=f"milestone-{milestone.pk}-{milestone.due_on}-{kind}-{user.pk}",
            ):
                sent += 1
    return sent
