"""The rules of the accounts, in one place: whose account a staff member may manage, and who
must use two-factor authentication.

A staff member manages the accounts of SME owners and Korean-team members only. Everything that
makes an account more than that (staff or superuser status, another group, a permission) and
every other staff member's or superuser's account belongs to superusers.
"""

from django.conf import settings
from django.contrib.auth.models import User

from partnership.lib import roles

# The only group a staff member may give (or take away from) an account.
GROUPS_STAFF_MAY_SET = (roles.KOREAN_TEAM_GROUP,)
# Fields of the user model that only a superuser may set.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "user_permissions")


def is_managed_account(user: User) -> bool:
    """An SME owner's or Korean-team member's account: no privilege beyond the Korean team."""
    if user.pk is None:
        return True
    if user.is_staff or user.is_superuser:
        return False
    if user.user_permissions.exists():
        return False
    return not user.groups.exclude(name__in=GROUPS_STAFF_MAY_SET).exists()


def can_manage_accounts(actor) -> bool:
    return actor.is_authenticated and actor.is_active and actor.has_perm("auth.change_user")


def can_manage_account(actor, target: User) -> bool:
    """May ``actor`` change ``target``'s account (names, e-mail, active flag, Korean team, reset)?"""
    if not can_manage_accounts(actor):
        return False
    if actor.is_superuser:
        return True
    return is_managed_account(target)


def can_set_password(actor, target: User) -> bool:
    """Type a new password for someone else: superusers only; staff send the reset e-mail."""
    return actor.is_authenticated and actor.is_active and actor.is_superuser


def two_factor_allowed(user) -> bool:
    """Who may enrol an authenticator: ministry staff, the Korean team and superusers."""
    return user.is_authenticated and (user.is_staff or roles.is_programme_team(user))


def two_factor_required(user) -> bool:
    """Must ``user`` have a confirmed device before using the portal?"""
    if not user.is_authenticated:
        return False
    if settings.MITRA_2FA_REQUIRED and (user.is_staff or roles.is_ministry_staff(user)):
        return True
    return bool(settings.MITRA_2FA_REQUIRED_KOREAN_TEAM and roles.is_korean_team(user))
