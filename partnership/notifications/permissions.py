"""Who sees which notification: each account its own, nobody else's (404)."""

from django.shortcuts import get_object_or_404

from partnership.lib.input import parse_id

from .models import Notification


def get_own_notification(user, pk) -> Notification:
    """The notification ``pk`` of ``user``; 404 for anyone else's or an id that cannot be."""
    return get_object_or_404(Notification.objects.of(user), pk=parse_id(pk))
