"""Walking a whole queryset in bounded chunks, in its own order, without ``OFFSET``.

An export of a million firms cannot hold them in memory, and ``OFFSET n`` makes the database read
and throw away ``n`` rows for every page, so a paged walk gets slower the further it goes.
:func:`iterate_in_chunks` asks instead for "the next ``chunk_size`` rows after the last one seen"
(keyset pagination): each chunk is one query (plus one per ``prefetch_related`` lookup) that an
index on the ordering columns answers by reading only those rows, whatever the depth.

Keyset needs an ordering of the model's own non-null columns; the primary key is added as the
tie-break when it is missing. Any other ordering (a relation's column, a nullable column, an
expression) falls back to ``QuerySet.iterator(chunk_size=…)``: a server-side cursor on PostgreSQL,
never ``OFFSET`` either.
"""

from collections.abc import Iterator
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet

CHUNK_SIZE = 2000


def _keyset_ordering(queryset: QuerySet) -> list[tuple[str, bool]] | None:
    """``[(attname, descending), …]`` ending with the pk, or None when keyset cannot be used."""
    query = queryset.query
    if query.distinct or query.combinator or query.low_mark or query.high_mark is not None:
        return None
    ordering = list(query.order_by) or (list(query.get_meta().ordering) if query.default_ordering else [])
    opts = queryset.model._meta
    keys: list[tuple[str, bool]] = []
    for item in ordering:
        if not isinstance(item, str) or item == "?":
            return None
        descending = item.startswith("-")
        name = item.lstrip("-")
        if name == "pk":
            name = opts.pk.name
        if "__" in name:
            return None
        try:
            model_field = opts.get_field(name)
        except FieldDoesNotExist:
            return None  # an annotation
        if not model_field.concrete or model_field.is_relation or model_field.null:
            return None
        keys.append((model_field.attname, descending))
        if model_field.primary_key:
            return keys  # unique: nothing after it matters
    keys.append((opts.pk.attname, keys[-1][1] if keys else False))
    return keys


def _after(keys: list[tuple[str, bool]], row) -> Q:
    """Rows strictly after ``row`` in the order ``keys``, with a plain bound on the first column
    so that the database starts its index scan there (the OR alone is not an index bound)."""
    values = [getattr(row, attname) for attname, _descending in keys]
    branches = []
    for index, (attname, descending) in enumerate(keys):
        equal = {name: value for (name, _d), value in zip(keys[:index], values, strict=False)}
        branches.append(Q(**equal, **{f"{attname}__{'lt' if descending else 'gt'}": values[index]}))
    first, first_descending = keys[0]
    return Q(**{f"{first}__{'lte' if first_descending else 'gte'}": values[0]}) & reduce(or_, branches)


def iterate_in_chunks(rows, chunk_size: int = CHUNK_SIZE) -> Iterator:
    """Every row of ``rows`` (a queryset or any iterable) in order, ``chunk_size`` at a time."""
    if not isinstance(rows, QuerySet):
        yield from rows
        return
    keys = _keyset_ordering(rows)
    if keys is None:
        yield from rows.iterator(chunk_size=chunk_size)
        return
    ordered = rows.order_by(*[f"{'-' if descending else ''}{attname}" for attname, descending in keys])
    last = None
    while True:
        chunk = ordered if last is None else ordered.filter(_after(keys, last))
        batch = list(chunk[:chunk_size])
        yield from batch
        if len(batch) < chunk_size:
            return
        last = batch[-1]
