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

# Firms linked to a line per INSERT: a download of a million firms never holds their ids at once.
CHUNK = 5000


def set_writer(writer: Callable | None) -> None:
    """``writer(user, what, detail, path)`` stores one line and returns ``add(firm_ids)``, which
    links the line to firms (an iterable of ids, consumed in chunks); set by partnership.privacy."""
    global _writer
    _writer = writer


def open_access(request, what: str, detail: str = "") -> Callable[[Iterable[int] | int], None] | None:
    """Write the line of ``request.user`` seeing ``what`` now, and return the function that names
    its firms, for a download that learns them while it streams; ``None`` when nothing is logged
    (anonymous viewers, no writer)."""
    user = getattr(request, "user", None)
    if _writer is None or user is None or not user.is_authenticated:
        return None
    add = _writer(user, what, str(detail)[:300], request.get_full_path()[:500])

    def add_firms(firms: Iterable[int] | int) -> None:
        if isinstance(firms, int):
            add([firms])
            return
        rows = firms.iterator(chunk_size=CHUNK) if hasattr(firms, "iterator") else iter(firms)
        chunk = []
        for pk in rows:
            chunk.append(int(pk))
            if len(chunk) >= CHUNK:
                add(chunk)
                chunk = []
        if chunk:
            add(chunk)

    return add_firms


def record_access(request, what: str, firms: Iterable[int] | int, detail: str = "") -> None:
    """One line: ``request.user`` saw ``what`` of ``firms`` (ids) now. Anonymous views are not logged."""
    add_firms = open_access(request, what, detail)
    if add_firms is not None:
        add_firms(firms)
