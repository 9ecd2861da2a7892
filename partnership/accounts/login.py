"""Bounds on what the login accepts and on what the login-failure log records.

Django's ``AuthenticationForm`` puts the account's username length on the widget only: the field
itself accepts any length, and django-axes then records the failed attempt with the whole value
in a 255-character column (a ``DataError`` on PostgreSQL, a 500). The login form here refuses a
username longer than any account can have, with the usual field error; the username that axes
logs is also cut to its column, whatever form or API the login comes through.
"""

from axes.conf import settings
from axes.models import AccessAttempt
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


def _column_length() -> int:
    return AccessAttempt._meta.get_field("username").max_length


def axes_username(request, credentials=None) -> str | None:
    """The username as axes reads it by default, cut to the length of its log column.

    Axes uses it both to record a failure and to check a lockout, so the two always agree.
    """
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    return str(username)[: _column_length()]
