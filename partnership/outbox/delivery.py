"""Sending the outbox: one mail (the task) or every due mail (the sweep), each exactly once.

A mail is claimed inside a transaction: ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
that a second worker passes over a mail the first is sending, and a compare-and-set on
``attempts`` (which on SQLite also takes the write lock, so transactions serialise). The lock is
held while the mail is handed to the SMTP server and the outcome is written before the commit.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import MAX_ATTEMPTS, RETRY_DELAYS, OutboxMail, split_addresses

logger = logging.getLogger(__name__)

SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


def _message(mail: OutboxMail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.recipients,
        cc=split_addresses(mail.cc),
        bcc=split_addresses(mail.bcc),
        reply_to=split_addresses(mail.reply_to),
        headers=mail.headers,
        connection=connection,
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    return message


def delivery_connection():
    backend = settings.MITRA_DELIVERY_BACKEND
    if backend == settings.EMAIL_BACKEND or backend.endswith("outbox.backends.OutboxBackend"):
        raise RuntimeError("MITRA_DELIVERY_BACKEND must be a backend that sends, not the outbox")
    return get_connection(backend, fail_silently=False)


def deliver(mail_id: int) -> str:
    """Send the mail ``mail_id`` if it is due and no other worker holds it; say what happened."""
    now = timezone.now()
    with transaction.atomic():
        mail = OutboxMail.objects.due(now).select_for_update(skip_locked=True).filter(pk=mail_id).first()
        if mail is None:
            return SKIPPED
        claimed = OutboxMail.objects.filter(
            pk=mail.pk, status=OutboxMail.Status.QUEUED, attempts=mail.attempts
        ).update(attempts=mail.attempts + 1)
        if not claimed:
            return SKIPPED
        mail.attempts += 1
        try:
            _message(mail, delivery_connection()).send()
        except Exception as error:  # noqa: BLE001 - any failure of the server is recorded and retried
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = OutboxMail.Status.FAILED
                outcome = FAILED
                logger.error("Outbox mail %s failed after %s attempts: %s", mail.pk, mail.attempts, error)
            else:
                mail.next_attempt_at = timezone.now() + RETRY_DELAYS[mail.attempts - 1]
                outcome = RETRY
                logger.warning("Outbox mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, error)
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return outcome
        mail.status = OutboxMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.last_error = ""
        mail.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return SENT


def deliver_due(limit: int = 500) -> dict[str, int]:
    """The sweep: try every mail that is due (a lost task never strands a mail)."""
    counts = {SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0}
    for mail_id in list(OutboxMail.objects.due().values_list("pk", flat=True)[:limit]):
        counts[deliver(mail_id)] += 1
    return counts
