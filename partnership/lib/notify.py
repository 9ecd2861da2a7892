"""E-mail notifications, rendered in the recipient's language and handed to the mail backend.

The portal's ``EMAIL_BACKEND`` is the outbox (``partnership.outbox.backends.OutboxBackend``): the
message becomes a row in the caller's transaction, so a rolled-back move never sends a mail and a
committed move never loses one; a worker sends it later (CONTRIBUTING.md, "E-mail: the outbox").
This module only knows Django's mail API, not the outbox.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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

    The message is rendered now, in ``language``, and given to ``EMAIL_BACKEND`` at once, inside
    the surrounding transaction (the outbox stores it there). ``users`` are the accounts the mail
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
    # Read by the outbox backend (other backends ignore them).
    message.mitra_language = language
    message.mitra_template = template
    try:
        message.send()
    except OSError:
        # Only a backend that sends at once (not the outbox) can fail so: the move stays recorded.
        logger.exception("Could not send %s to %s", template, recipients)
