"""Helpers of the list rows written in Python (the directory's cards, the staff list's rows): on the
long lists a template per row cost most of the page (bench/RESULTS.md, "HTTP")."""

from html import escape as _escape

from django.urls import reverse

# A pk that no other part of an address contains.
_SOME_PK = 987654321


def escape(value) -> str:
    """What the template's autoescape writes for ``value``: ``django.utils.html.escape`` is the same
    ``html.escape``, behind a lazy-text wrapper that costs more than the escaping itself."""
    return _escape(str(value))


def address_of(viewname: str):
    """``pk -> reverse(viewname, args=[pk])`` with one ``reverse()`` for the whole page."""
    pattern = reverse(viewname, args=[_SOME_PK])
    marker = str(_SOME_PK)
    return lambda pk: pattern.replace(marker, str(int(pk)))
