"""Keyset pagination for long lists (the public directory, the staff list).

With a million firms, ``COUNT(*)`` over the whole table and ``OFFSET`` to a deep page both take
seconds on PostgreSQL. A keyset page instead asks for "the next ``per_page`` rows after this
(legal_name, id)", which an index on ``(…, legal_name, id)`` answers by reading only those rows,
whatever the page.

Nor is the total counted on every page (:func:`result_count`): a list that fits on its first page
shows its exact number, which the page already holds; a longer one shows PostgreSQL's own estimate
of its rows ("about 620,000 firms"), read from the plan of the query (``EXPLAIN``, no row read),
which costs a millisecond where counting even a capped 10,001 rows cost tens
(``partnership.lib.counting``). Other databases (the
SQLite of development) count up to ``COUNT_CAP`` and say "10,000+" beyond.

The cursor in the URL is the key of the first or last row shown, encoded opaquely; a cursor that
cannot be decoded, or decodes to a key no row can have (a NUL that PostgreSQL refuses, a name
longer than the column, an id outside the id column's range), starts again from the first page.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from partnership.lib.counting import estimated_count, has_estimates, rounded
from partnership.lib.input import MAX_ID
from partnership.lib.versioned_cache import cached

# Beyond this many results the page says "10,000+" instead of an exact number.
COUNT_CAP = 10_000
# Bounds of a key that a row can have: a name of a few hundred characters at most.
MAX_NAME_LENGTH = 1000


def encode_cursor(name: str, pk: int) -> str:
    raw = json.dumps([name, pk], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[str, int] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(name, str) or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    if "\x00" in name or len(name) > MAX_NAME_LENGTH or not 0 < pk <= MAX_ID:
        return None
    return name, pk


@dataclass
class KeysetPage:
    items: list = field(default_factory=list)
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str = ""
    previous_cursor: str = ""

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def keyset_page(
    queryset: QuerySet,
    *,
    after: str | None = None,
    before: str | None = None,
    per_page: int = 20,
    name_field: str = "legal_name",
) -> KeysetPage:
    """One page of ``queryset`` ordered by ``(name_field, id)``, after or before a cursor.

    Exactly one query. The redundant ``name >= x`` bound lets the database start its index scan
    at the cursor instead of filtering every earlier row (the OR alone is not an index bound).
    """
    after_key = decode_cursor(after)
    before_key = decode_cursor(before) if after_key is None else None

    if before_key is not None:
        name, pk = before_key
        rows = list(
            queryset.filter(**{f"{name_field}__lte": name})
            .filter(Q(**{f"{name_field}__lt": name}) | Q(**{name_field: name, "pk__lt": pk}))
            .order_by(f"-{name_field}", "-pk")[: per_page + 1]
        )
        has_previous = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        has_next = True
    else:
        page_qs = queryset.order_by(name_field, "pk")
        if after_key is not None:
            name, pk = after_key
            page_qs = page_qs.filter(**{f"{name_field}__gte": name}).filter(
                Q(**{f"{name_field}__gt": name}) | Q(**{name_field: name, "pk__gt": pk})
            )
        rows = list(page_qs[: per_page + 1])
        has_next = len(rows) > per_page
        items = rows[:per_page]
        has_previous = after_key is not None

    page = KeysetPage(items=items, has_next=has_next and bool(items), has_previous=has_previous)
    if items:
        page.next_cursor = encode_cursor(getattr(items[-1], name_field), items[-1].pk)
        page.previous_cursor = encode_cursor(getattr(items[0], name_field), items[0].pk)
    return page


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """``(count, capped)``: the number of rows up to ``cap``, and whether there are more.

    ``COUNT(*)`` over ``SELECT … LIMIT cap+1``: the database stops after ``cap + 1`` rows.
    """
    count = queryset.order_by().values("pk")[: cap + 1].count()
    return min(count, cap), count > cap


@dataclass(frozen=True)
class ResultCount:
    """How many rows a list has, as the page says it: ``exact``, ``capped`` ("10,000+") or an
    estimate ("about …")."""

    number: int
    exact: bool = True
    capped: bool = False

    @property
    def estimated(self) -> bool:
        return not self.exact and not self.capped


def result_count(queryset: QuerySet, page: KeysetPage, *, cache_key: tuple | None = None) -> ResultCount:
    """The number of rows of the list that ``page`` is a page of, at most one cheap query.

    With ``cache_key``, the estimate is kept until the next write (``partnership.lib.versioned_cache``):
    for a list that is the same for every visitor."""
    if not page.has_previous and not page.has_next:
        return ResultCount(len(page.items))  # the whole list is on this page
    if has_estimates(queryset):
        # Never fewer than the rows the visitor can already see exist.
        known = len(page.items) + (1 if page.has_next else 0)
        if cache_key is None:
            estimate = estimated_count(queryset)
        else:
            estimate = cached(cache_key, lambda: estimated_count(queryset))
        return ResultCount(max(rounded(estimate), known), exact=False)
    total, capped = capped_count(queryset)
    return ResultCount(total, exact=not capped, capped=capped)
