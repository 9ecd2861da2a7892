"""``EMAIL_BACKEND``: every e-mail the portal sends becomes an ``OutboxMail`` row.

The row is written on the caller's database connection, so inside the move's transaction: a move
that rolls back leaves no mail, and a committed move always has its mail. When the transaction
commits, a task is queued to send it (``tasks.send_outbox_mail``); the worker's sweep sends it
anyway if that task is lost. The real sending is done by ``settings.MITRA_DELIVERY_BACKEND``.
"""

import logging
from functools import partial

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction

from .models import OutboxMail
from .services import queue_sending

logger = logging.getLogger(__name__)


def _lines(addresses) -> str:
    return "\n".join(str(address) for address in addresses or [])


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        stored = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            if message.attachments:
                logger.warning("Outbox mail %r: attachments are not kept", message.subject)
            headers = {str(key): str(value) for key, value in (message.extra_headers or {}).items()}
            # One Message-ID for every attempt, so that a receiver can recognise a repeat.
            headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
            html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
            mail = OutboxMail.objects.create(
                to=_lines(message.to),
                cc=_lines(message.cc),
                bcc=_lines(message.bcc),
                reply_to=_lines(message.reply_to),
                from_email=str(message.from_email)[: OutboxMail._meta.get_field("from_email").max_length],
                language=(getattr(message, "mitra_language", "") or "")[:10],
                template=(getattr(message, "mitra_template", "") or "")[:200],
                subject=str(message.subject)[: OutboxMail._meta.get_field("subject").max_length],
                body=message.body,
                html_body=html,
                headers=headers,
            )
            transaction.on_commit(partial(queue_sending, mail.pk))
            stored += 1
        return stored
