"""E-mail notifications, rendered in the recipient's language and sent after the commit."""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Called with (template=, context=, recipients=, language=, users=) for every mail, inside the
# move's transaction: the portal's own notifications (partnership.notifications) listen here.
_listeners: list[Callable[..., None]] = []


def on_mail(listener: Callable[..., None]) -> Callable[..., None]:
    """Register ``listener`` to hear of every mail queued by :func:`send_templated_mail`."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _announce(*, template: str, context: dict, recipients: list[str], language: str, users) -> None:
    users = [user for user in (users or ()) if user is not None and getattr(user, "pk", None)]
    for listener in _listeners:
        listener(template=template, context=context, recipients=recipients, language=language, users=users)


def send_templated_mail(
    *, to: list[str], template: str, context: dict, language: str = "id", users: Iterable | None = None
) -> None:
    """Queue ``templates/<template>_subject.txt`` and ``<template>_body.txt`` for ``to``.

    The message is rendered now, in ``language``, and sent when the surrounding transaction
    commits, so that a rolled-back move never sends a mail. ``users`` are the accounts the mail
    concerns: the listeners of :func:`on_mail` give them a notification in the portal.
    """
    recipients = [address for address in to if address]
    _announce(template=template, context=context, recipients=recipients, language=language, users=users)
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
