from django.core.management.base import BaseCommand

from threecenters.events.services import reminders_send


class Command(BaseCommand):
    help = "Send reminders for events starting within 24 hours (run hourly, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the job for a worker instead of running it",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            from threecenters.events.tasks import events_send_reminders

            events_send_reminders.enqueue()
            self.stdout.write("reminder job queued")
            return
        self.stdout.write(f"reminders sent: {reminders_send()}")
