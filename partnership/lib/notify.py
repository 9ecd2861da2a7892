"""E-mail notifications, rendered in the recipient's language and handed to the mail backend.

The portal's ``EMAIL_BACKEND`` is the outbox (``partnership.outbox.backends.OutboxBackend``): the
message becomes a row in the caller's transaction, so a rolled-back move never sends a mail and a
committed move never loses one; a worker sends it later (CONTRIBUTING.md, "E-mail: the outbox").
This module only knows Django's mail API, not the outbox.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_templated_mail(*, to: list[str], template: str, context: dict, language: str = "id") -> None:
    """Render ``templates/<template>_subject.txt`` and ``<template>_body.txt`` for ``to`` and send it.

    The message is rendered now, in ``language``, and given to ``EMAIL_BACKEND`` at once, inside the
    surrounding transaction (the outbox stores it there).
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=recipients)
    # Read by the outbox backend (other backends ignore them).
    message.mitra_language = language
    message.mitra_template = template
    try:
        message.send()
    except OSError:
        # Only a backend that sends at once (not the outbox) can fail so: the move stays recorded.
        logger.exception("Could not send %s to %s", template, recipients)
