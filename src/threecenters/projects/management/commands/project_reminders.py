from django.core.management.base import BaseCommand

from threecenters.projects.tasks import milestone_reminders_send


class Command(BaseCommand):
    help = (
        "Queue the reminders about project milestones that are due soon or overdue. "
        "Run it daily (cron or a systemd timer); reminders are never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days-ahead", type=int, default=3, help="remind this many days before"
        )

    def handle(self, *args, days_ahead: int, **options):
        result = milestone_reminders_send.enqueue(days_ahead=days_ahead)
        self.stdout.write(f"queued {result.id}")
