"""Retention (UU 27/2022 Art. 43-44): erase the personal data of registrations nobody carries on.

Rejected registrations and drafts left unchanged for ``PRIVACY_RETENTION_MONTHS`` months lose their
personal data and documents the way an erasure does (``partnership.privacy.services.anonymise``);
each firm is logged. Run daily by a timer (README, "Personal data").
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from partnership.privacy.services import anonymise
from smes.models import SME

logger = logging.getLogger("mitra.privacy.retention")


def months_before(moment, months: int):
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(
        moment.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1],
    )
    return moment.replace(year=year, month=month, day=day)


def due_for_purge(now=None, months=None):
    now = now or timezone.now()
    months = settings.PRIVACY_RETENTION_MONTHS if months is None else months
    cutoff = months_before(now, months)
    return SME.objects.filter(
        status__in=[SME.Status.REJECTED, SME.Status.DRAFT],
        updated_at__lt=cutoff,
        personal_data_erased_at__isnull=True,
    ).select_related("owner")


class Command(BaseCommand):
    help = "Erase the personal data and documents of rejected registrations and abandoned drafts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be erased.")

    def handle(self, *args, dry_run=False, **options):
        firms = list(due_for_purge())
        for sme in firms:
            documents = sme.documents.exclude(file="").count()
            line = (
                f"firm {sme.pk} ({sme.reference or 'no reference'}, {sme.status}, last changed "
                f"{sme.updated_at:%Y-%m-%d}): personal data and {documents} document(s)"
            )
            if dry_run:
                self.stdout.write(f"would erase {line}")
                continue
            with transaction.atomic():
                anonymise(sme, by=None)
            logger.info("Retention: erased %s", line)
            self.stdout.write(f"erased {line}")
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(
            f"{len(firms)} firm(s) {verb} (retention {settings.PRIVACY_RETENTION_MONTHS} months)."
        )
