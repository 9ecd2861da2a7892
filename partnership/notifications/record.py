"""The listener of :func:`partnership.lib.notify.on_mail`: a mail's accounts get a notification."""

from .kinds import link_for, params_for
from .models import Notification


def kind_of(template: str) -> str:
    """``emails/sme_verified`` -> ``sme_verified``."""
    return template.rsplit("/", 1)[-1]


def notify_users_of_mail(*, template: str, context: dict, recipients, language: str, users) -> None:
    """Write one notification per account concerned, in the transaction of the move."""
    kind = kind_of(template)
    params = params_for(kind, context)
    link = link_for(kind, context)
    seen = set()
    rows = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, params=params, link=link))
    if rows:
        Notification.objects.bulk_create(rows)
