"""Values computed once per change of the data: the figures of the home page, the programme page
and the dashboard, the choice lists of the directory's filters.

Counting a million firms on every view of the home page costs a hundred milliseconds and more; the
dashboard's aggregates cost over a second. Yet the figures change only when something moves. So
they are cached, exactly:

- every write to a model that a figure reads (a firm, a timeline event, a roster entry, a
  shortlist place, a visit, a proposal, a stage, a programme, a sector…) gives the one row of
  the table ``TABLE`` (the model ``partnership.models.FiguresVersion``) a new random token
  (:func:`figures_moved`, connected to the models' ``post_save``, ``post_delete`` and
  ``m2m_changed`` signals by ``partnership.apps``);
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

from django.core.signals import request_finished, request_started
from django.db import connection, transaction

_local = threading.local()
TABLE = "partnership_figuresversion"


def _new_token() -> int:
    return random.getrandbits(62)


def _write_token(*, skip_locked: bool) -> None:
    table = connection.ops.quote_name(TABLE)
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
    _local.token = None  # this request reads the new token
    _write_token(skip_locked=True)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _write_token(skip_locked=False))


def _request_started(**kwargs) -> None:
    _local.in_request, _local.token = True, None


def _request_finished(**kwargs) -> None:
    _local.in_request, _local.token = False, None


request_started.connect(_request_started, dispatch_uid="versioned_cache_request_started")
request_finished.connect(_request_finished, dispatch_uid="versioned_cache_request_finished")


def current_token() -> int | None:
    """The token, read once per request (and again after a move in it); outside a request (a
    command, a shell), read every time."""
    if getattr(_local, "in_request", False) and getattr(_local, "token", None) is not None:
        return _local.token
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {connection.ops.quote_name(TABLE)} WHERE id = 1")
        row = cursor.fetchone()
    token = row[0] if row else None
    if getattr(_local, "in_request", False):
        _local.token = token
    return token


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


_STATIC: dict = {}


def cached_for_the_process(key: tuple, compute: Callable[[], object]):
    """``compute()`` once per process: for data that only a migration changes (the provinces and
    regencies of Indonesia, read-only in the admin); a deployment restarts the workers anyway."""
    if key not in _STATIC:
        _STATIC[key] = compute()
    return _STATIC[key]


def clear() -> None:
    """Forget this process's figures (tests)."""
    _local.store = _local.token = None
