"""The hook of the access log (UU 27/2022): any floor says "this user saw these firms' data".

The registry, the pipeline and cooperation call :func:`record_access` where a page or a download
shows personal data; the privacy part (``partnership.privacy``, the top floor) sets the writer that
stores the line (``set_writer``). Without a writer nothing is stored (e.g. a project without the
privacy app), and nothing here imports an app of ours.
"""

from collections.abc import Callable, Iterable

# What was seen: the codes of partnership.privacy.models.AccessLog.What.
IDENTIFIERS = "identifiers"  # NIK or NPWP shown
DOCUMENT = "document"  # an uploaded document opened
DOSSIER = "dossier"  # a firm's dossier opened
EXPORT = "export"  # an export or download with personal data
PROFILE = "profile"  # a firm's full record (contact person) shown to staff

_writer: Callable | None = None


def set_writer(writer: Callable | None) -> None:
    """``writer(user, what, firm_ids, detail, path)`` stores one line (set by partnership.privacy)."""
    global _writer
    _writer = writer


def record_access(request, what: str, firms: Iterable[int] | int, detail: str = "") -> None:
    """One line: ``request.user`` saw ``what`` of ``firms`` (ids) now. Anonymous views are not logged."""
    user = getattr(request, "user", None)
    if _writer is None or user is None or not user.is_authenticated:
        return
    ids = sorted({int(firms)} if isinstance(firms, int) else {int(pk) for pk in firms})
    _writer(user, what, ids, str(detail)[:300], request.get_full_path()[:500])
