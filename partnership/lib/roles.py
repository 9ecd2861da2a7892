"""The portal's roles: Django groups, plus the SME owner (a user linked to a firm).

Object rules (who may see or change which object) live in each app's ``permissions`` module and
build on these predicates.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist

STAFF_GROUP = "Ministry staff"
KOREAN_TEAM_GROUP = "Korean team"
# A user of a verified Korean firm (partnership.partners): not the programme's team.
KOREAN_FIRM_GROUP = "Korean firm"

# Role names used in the transition tables of every workflow.
STAFF = "staff"
KOREAN_TEAM = "korean_team"
KOREAN_FIRM = "korean_firm"
OWNER = "owner"
SYSTEM = "system"


def _in_group(user: User | AnonymousUser, name: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cache the user's group names on the instance: templates ask several times per request.
    cached = getattr(user, "_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._group_names = cached
    return name in cached


def is_ministry_staff(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, STAFF_GROUP))


def is_korean_team(user) -> bool:
    return _in_group(user, KOREAN_TEAM_GROUP)


def is_korean_firm(user) -> bool:
    """A user of a Korean firm, whatever the firm's state (its permissions ask whether verified)."""
    return _in_group(user, KOREAN_FIRM_GROUP)


def is_sme_owner(user) -> bool:
    """A user linked to a registered firm (``SME.owner``, reverse name ``sme``)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_sme_owner", None)
    if cached is None:
        try:
            cached = user.sme is not None
        except ObjectDoesNotExist:
            cached = False
        user._is_sme_owner = cached
    return cached


def workflow_roles(user, *, owner_id: int | None = None) -> set[str]:
    """The roles of ``user`` in a transition table; OWNER when ``owner_id`` is the user's own id."""
    held = set()
    if is_ministry_staff(user):
        held.add(STAFF)
    if is_korean_team(user):
        held.add(KOREAN_TEAM)
    if owner_id is not None and user.is_authenticated and owner_id == user.pk:
        held.add(OWNER)
    return held


def is_programme_team(user) -> bool:
    """Staff or the Korean team: the people who work the pipeline."""
    return is_ministry_staff(user) or is_korean_team(user)


# Apps whose models ministry staff manage in the Django admin.
STAFF_ADMIN_APPS = ("smes", "surveys", "partnership")
STAFF_AUTH_PERMISSIONS = ("add_user", "change_user", "view_user", "view_group")


def grant_staff_permissions(**kwargs) -> None:
    """Give the "Ministry staff" group the model permissions it needs in the admin.

    Runs after every ``migrate`` (permissions only exist once their models are migrated), so a
    new model's permissions reach the group without a manual step.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    Group.objects.get_or_create(name=KOREAN_TEAM_GROUP)
    Group.objects.get_or_create(name=KOREAN_FIRM_GROUP)
    wanted = Permission.objects.filter(
        Q(content_type__app_label__in=STAFF_ADMIN_APPS)
        | Q(content_type__app_label="auth", codename__in=STAFF_AUTH_PERMISSIONS)
    )
    group.permissions.add(*wanted)
