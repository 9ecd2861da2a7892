"""The bell of the top bar: the unread count, one query per request at most."""

from django import template

from ..models import Notification

register = template.Library()

_CACHE = "_mitra_unread_notifications"


def unread_count(user) -> int:
    return Notification.objects.of(user).unread().count()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int | None:
    """The signed-in user's unread count, counted once per request; None when nobody is signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(request, _CACHE):
        setattr(request, _CACHE, unread_count(user))
    return getattr(request, _CACHE)
