"""Indexes for the long lists: the directory's free-text search and the staff list's orderings.

The directory searches name, trade name and products with ``icontains``, which Django renders on
PostgreSQL as ``UPPER(column::text) LIKE UPPER('%term%')``. A GIN index with ``gin_trgm_ops`` on
exactly that expression lets the planner answer it from the index instead of scanning every firm
(PostgreSQL only; on SQLite, the development default, icontains stays a plain scan).

The staff list pages by keyset on ``(legal_name, id)``, for every status, one status, or the queue
of firms awaiting a decision; each has a B-tree index that returns the rows already in that order,
so a page reads its 50 rows instead of sorting the table (these work on every database).

They live here rather than in ``SME.Meta.indexes`` because Django cannot express the trigram
operator class without ``django.contrib.postgres``, which the SQLite set-up does not install.
"""

from django.db import migrations

SEARCHED_COLUMNS = ("legal_name", "trade_name", "products")

LIST_INDEXES = {
    "sme_name_id_idx": "(legal_name, id)",
    "sme_status_name_id_idx": "(status, legal_name, id)",
    "sme_queue_name_id_idx": "(legal_name, id) WHERE status IN ('submitted', 'needs_info')",
}


def _trigram_index_name(column: str) -> str:
    return f"sme_{column}_trgm_idx"


def create_indexes(apps, schema_editor):
    for name, definition in LIST_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON smes_sme {definition}")
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_trigram_index_name(column)} ON smes_sme "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    for name in LIST_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_trigram_index_name(column)}")
    # The extension stays: other database objects may use it, and it is harmless.


class Migration(migrations.Migration):
    dependencies = [("smes", "0002_reference_data")]
    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
