"""Queueing the sending task, and sending a failed mail again."""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import OutboxMail
from .tasks import send_outbox_mail

logger = logging.getLogger(__name__)


def queue_sending(mail_id: int) -> None:
    """Queue the task that sends ``mail_id`` (called once the mail's transaction has committed)."""
    try:
        send_outbox_mail.enqueue(mail_id)
    except Exception:
        # The mail is safe in the outbox: the worker's sweep sends it.
        logger.exception("Could not queue the task for outbox mail %s", mail_id)


def send_again(mail: OutboxMail) -> bool:
    """Put a failed mail back in the queue with a fresh set of attempts; False if it was not failed."""
    with transaction.atomic():
        updated = OutboxMail.objects.filter(pk=mail.pk, status=OutboxMail.Status.FAILED).update(
            status=OutboxMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        if updated:
            transaction.on_commit(partial(queue_sending, mail.pk))
    return bool(updated)
