"""Ids and numbers typed into an address or a form, read without surprises.

An id in a query string or a hidden field is text a visitor can change: ``"²"`` passes
``str.isdigit()`` yet ``int()`` refuses it, and ``99999999999999999999`` is past every id column
(SQLite cannot even bind it). ``parse_id`` gives ``None`` for anything that no row can have.
"""

# Ids are BigAutoFields: a signed 64-bit integer.
MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
