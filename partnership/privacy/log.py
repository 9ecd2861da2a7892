"""The writer of the access log, set on ``partnership.lib.access_log`` by the app's ``ready()``."""

from partnership.lib import roles

from .models import AccessLog


def role_of(user) -> str:
    if roles.is_ministry_staff(user):
        return AccessLog.Role.STAFF
    if roles.is_korean_team(user):
        return AccessLog.Role.KOREAN_TEAM
    if roles.is_korean_firm(user):
        return AccessLog.Role.KOREAN_FIRM
    if getattr(user, "sme", None) is not None:
        return AccessLog.Role.OWNER
    return AccessLog.Role.OTHER


def write_line(user, what: str, firm_ids: list[int], detail: str, path: str) -> AccessLog:
    """Store one line (two queries: the line and its firms)."""
    line = AccessLog.objects.create(
        user=user, username=user.get_username(), role=role_of(user), what=what, detail=detail, path=path
    )
    if firm_ids:
        through = AccessLog.firms.through
        through.objects.bulk_create([through(accesslog_id=line.pk, sme_id=pk) for pk in firm_ids])
    return line
