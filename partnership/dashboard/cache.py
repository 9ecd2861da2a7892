"""The figures of the home page, the programme page and the dashboard, computed once per change.

Counting a million firms on every view of the home page costs a hundred milliseconds and more; the
dashboard's aggregates cost over a second. Yet the figures change only when something moves. So
they are cached, exactly:

- every write to a model that a figure reads (a firm, a timeline event, a roster entry, a
  shortlist place, a visit, a proposal, a stage, a programme…) gives the one row of
  :class:`~partnership.models.FiguresVersion` a new random token (:func:`figures_moved`, connected
  to the models' ``post_save``, ``post_delete`` and ``m2m_changed`` signals by ``partnership.apps``);
- a page reads the token (one indexed query of one row) and takes the figures computed at that
  token, or computes them and keeps them under it (:func:`cached`).

The store is the worker process's own memory, which is fast and needs no service; a second gunicorn
worker is never told anything directly: it reads the same token from the database, so a move seen
by one is seen by all. Why the token is exact:

- the token is written in the mover's own transaction: it commits, or rolls back, with the move;
  the figures a page computes under the old token are never read again once the new one commits;
- the row is updated with ``SKIP LOCKED``, so two movers never wait on it (nor deadlock on it with
  the rows they lock); one that skipped it writes a new token again after its commit
  (``on_commit``), so a page that computed figures between the two commits does not keep them.

Writes that bypass the signals (``QuerySet.update``, ``bulk_create``: the demo loader) call
:func:`figures_moved` themselves.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from django.db import connection, transaction

_local = threading.local()
_TABLE = "partnership_figuresversion"


def _new_token() -> int:
    return random.getrandbits(62)


def _write_token(*, skip_locked: bool) -> None:
    table = connection.ops.quote_name(_TABLE)
    with connection.cursor() as cursor:
        if skip_locked and connection.features.has_select_for_update_skip_locked:
            cursor.execute(
                f"UPDATE {table} SET token = %s WHERE id IN (SELECT id FROM {table} FOR UPDATE SKIP LOCKED)",
                [_new_token()],
            )
        else:
            cursor.execute(f"UPDATE {table} SET token = %s", [_new_token()])


def figures_moved(*args, **kwargs) -> None:
    """Something a figure counts has changed: the cached figures are stale from the commit on.
    Signal receiver (any arguments)."""
    if kwargs.get("raw"):
        return  # fixtures being loaded
    _write_token(skip_locked=True)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _write_token(skip_locked=False))


def current_token() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {connection.ops.quote_name(_TABLE)} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def cached(key: tuple, compute: Callable[[], object]):
    """``compute()``, or the value it gave at the current token. ``key`` names the figure (and the
    language, the programme… anything it depends on besides the data)."""
    token = current_token()
    if token is None:
        return compute()  # no version row (a database not migrated): no cache
    store = getattr(_local, "store", None)
    if store is None or store[0] != token:
        store = _local.store = (token, {})
    values = store[1]
    if key not in values:
        values[key] = compute()
    return values[key]


def clear() -> None:
    """Forget this process's figures (tests)."""
    _local.store = None
