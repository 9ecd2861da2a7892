"""The portal's worker: django-tasks-db's ``db_worker``, plus a heartbeat and the outbox sweep."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from partnership.outbox import heartbeat


class Command(DBWorkerCommand):
    help = "Run the task worker (django-tasks-db) with the outbox sweep and the worker heartbeat."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=30.0,
            help="Seconds between two sweeps of due outbox mails (default: %(default)s)",
        )

    def handle(self, *args, sweep_interval: float, **options):
        if options["batch"]:
            # Once through: the due mails, then the queued tasks.
            heartbeat.sweep_once(options["worker_id"])
        elif not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            heartbeat.start_sweeper(options["worker_id"], sweep_interval)
        return super().handle(*args, **options)
