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


def open_line(user, what: str, detail: str, path: str):
    """The writer of ``partnership.lib.access_log``: store one line and return ``add(firm_ids)``,
    which links it to firms, a chunk at a time (a firm named twice is linked once)."""
    line = AccessLog.objects.create(
        user=user, username=user.get_username(), role=role_of(user), what=what, detail=detail, path=path
    )
    through = AccessLog.firms.through

    def add(firm_ids) -> None:
        rows = [through(accesslog_id=line.pk, sme_id=pk) for pk in sorted(set(firm_ids))]
        through.objects.bulk_create(rows, ignore_conflicts=True)

    add.line = line
    return add


def write_line(user, what: str, firm_ids: list[int], detail: str, path: str) -> AccessLog:
    """Store one line with its firms."""
    add = open_line(user, what, detail, path)
    add(firm_ids)
    return add.line
