"""The login: who may log in with what, and where each role lands afterwards.

People log in with their username or their e-mail address. ``login_identity`` turns what was
typed into the account's username once, and both the form and django-axes use it, so that the
failures counted against an account are the same whichever of the two was typed. An e-mail
address shared by several accounts identifies none of them and is treated as no match.

Django's ``AuthenticationForm`` puts the account's username length on the widget only: the field
itself accepts any length, and django-axes then records the failed attempt with the whole value
in a 255-character column (a ``DataError`` on PostgreSQL, a 500). The login form here refuses a
username longer than any account can have, with the usual field error; the username that axes
logs is also cut to its column, whatever form or API the login comes through.
"""

from axes.conf import settings
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnership.lib import roles


def login_identity(value: str) -> str:
    """The username of the account that ``value`` names: a username, or a unique e-mail address.

    Anything that names no single account is returned as typed: it then matches no account (or
    the account whose username it is).
    """
    value = (value or "").strip()
    if "@" not in value:
        return value
    users = get_user_model()._default_manager
    if users.filter(username=value).exists():
        return value
    matches = list(users.filter(email__iexact=value).values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else value


class LoginForm(AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = _("Username or e-mail address")
        field.max_length = max(field.max_length or 0, 254)
        field.widget.attrs["maxlength"] = str(field.max_length)
        field.widget.attrs["autocomplete"] = "username"
        field.validators.append(MaxLengthValidator(field.max_length))

    def clean_username(self) -> str:
        return login_identity(self.cleaned_data.get("username", ""))


def start_page(user) -> str:
    """Where a role lands after logging in: staff at the queue of firms to verify, the Korean team
    at its shortlists, an SME owner at the firm's page; anyone else at the home page."""
    if roles.is_ministry_staff(user):
        return reverse("smes:staff_list")
    if roles.is_korean_team(user):
        return reverse("surveys:stage_list")
    if roles.is_sme_owner(user):
        return reverse("smes:my_firm")
    if roles.is_korean_firm(user):
        return reverse("partners:home")
    return reverse("home")


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_default_redirect_url(self):
        return start_page(self.request.user)


def _column_length() -> int:
    return AccessAttempt._meta.get_field("username").max_length


def axes_username(request, credentials=None) -> str | None:
    """The account's username as the login form resolves it, cut to the length of the log column.

    Axes uses it both to record a failure and to check a lockout, so the two always agree.
    """
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    return login_identity(str(username)[:1000])[: _column_length()]
