from django.core.management.base import BaseCommand

from partnership.outbox import delivery


class Command(BaseCommand):
    help = "Send every queued mail of the outbox that is due (the worker does this every 30 s)."

    def handle(self, *args, **options):
        counts = delivery.deliver_due()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
