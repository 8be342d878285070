from django.core.management.base import BaseCommand

from threecenters.reviews.services import publicities_close_due


class Command(BaseCommand):
    help = (
        "Close every 公示 whose period is over and whose objections are all handled: on to the "
        "stage's next stage, or along its 'objection upheld' path. Run it daily or more often."
    )

    def handle(self, *args, **options):
        closed, waiting = publicities_close_due()
        self.stdout.write(f"closed {closed}, waiting for objections to be handled {waiting}")
