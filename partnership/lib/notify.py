"""E-mail notifications, rendered in the recipient's language and sent after the commit."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_templated_mail(*, to: list[str], template: str, context: dict, language: str = "id") -> None:
    """Queue ``templates/<template>_subject.txt`` and ``<template>_body.txt`` for ``to``.

    The message is rendered now, in ``language``, and sent when the surrounding transaction
    commits, so that a rolled-back move never sends a mail.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=recipients)

    def send():
        try:
            message.send()
        except OSError:
            # A mail server outage must not turn a recorded move into an error page.
            logger.exception("Could not send %s to %s", template, recipients)

    transaction.on_commit(send)
