"""Writes on accounts that have side effects: the password-reset e-mail."""

import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnership.lib import roles
from partnership.lib.notify import send_templated_mail


def account_language(user: User) -> str:
    """The language of the account's e-mails: Korean for the Korean team, Indonesian otherwise."""
    return "ko" if roles.is_korean_team(user) else "id"


def send_password_reset(user: User, *, new_account: bool = False) -> bool:
    """Queue the e-mail with a link to choose a new password; False when it cannot be sent.

    Staff never type a password for someone else: a new account gets an unguessable password
    that nobody knows, and its owner chooses one through this link (Django's reset tokens, valid
    for ``PASSWORD_RESET_TIMEOUT``).
    """
    if not user.email or not user.is_active:
        return False
    if not user.has_usable_password():
        # Django's reset tokens and confirm view only serve accounts with a usable password.
        user.set_password(secrets.token_urlsafe(32))
        user.save(update_fields=["password"])
    link = settings.SITE_URL.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_templated_mail(
        to=[user.email],
        template="emails/account_password_reset",
        context={"user": user, "link": link, "new_account": new_account},
        language=account_language(user),
        users=[user],
    )
    return True
