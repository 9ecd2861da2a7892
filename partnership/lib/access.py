"""The role checks of views: one set of decorators for every page of the portal.

An anonymous visitor is sent to the login page (and comes back after signing in); a signed-in
user of the wrong role gets a 403 with a message in their language. Which object a user may see
or change is not decided here: that is each app's ``permissions`` module.

- ``login_required``: any signed-in user (the view checks the object itself).
- ``staff_required``: ministry staff.
- ``team_required``: the programme team, ministry staff or the Korean team.
- ``owner_required(find_own, when_missing=...)``: pages about the user's own object (the firm);
  the view receives that object.

``role_required(test, message)`` builds the first three; a page whose 403 says something of its own
(``staff_required.because(...)``) keeps the same check with its own words.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from . import roles


class RoleRequired:
    """A view decorator: ``test(user)`` must hold, else login (anonymous) or 403 with ``message``."""

    def __init__(self, test: Callable[..., bool], message=None):
        self.test = test
        self.message = message

    def because(self, message) -> "RoleRequired":
        """The same check with the page's own 403 message."""
        return RoleRequired(self.test, message)

    def __call__(self, view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.test(request.user):
                raise PermissionDenied(*([str(self.message)] if self.message else []))
            return view(request, *args, **kwargs)

        return wrapper


def role_required(test: Callable[..., bool], message=None) -> RoleRequired:
    return RoleRequired(test, message)


def _signed_in(user) -> bool:
    return True


login_required = role_required(_signed_in)
staff_required = role_required(roles.is_ministry_staff, _("This page is for ministry staff."))
team_required = role_required(
    roles.is_programme_team, _("This page is for ministry staff and the Korean team.")
)


def owner_required(find_own: Callable, *, when_missing: Callable):
    """Pages about the signed-in user's own object, which the view gets after ``request``.

    ``find_own(request)`` returns the object or ``None``; ``when_missing(request)`` answers for a
    user who owns none (a redirect, or a 403 for the wrong role).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            own = find_own(request)
            if own is None:
                return when_missing(request)
            return view(request, own, *args, **kwargs)

        return wrapper

    return decorator
