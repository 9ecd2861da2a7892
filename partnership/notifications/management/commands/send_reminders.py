"""``manage.py send_reminders``: the reminders and the staff digest that are due (run it daily)."""

from django.core.management.base import BaseCommand

from partnership.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due (each once per situation) and the daily staff digest."

    def handle(self, *args, **options):
        report = send_reminders()
        if not report.sent:
            self.stdout.write("No reminder due.")
        for kind, count in sorted(report.sent.items()):
            self.stdout.write(f"{kind}: {count}")
