"""Trigram indexes for the directory's free-text search (PostgreSQL only).

The directory searches name, trade name and products with ``icontains``, which Django renders on
PostgreSQL as ``UPPER(column::text) LIKE UPPER('%term%')``. A GIN index with ``gin_trgm_ops`` on
exactly that expression lets the planner answer it from the index instead of scanning every firm.
On SQLite (the development default) this migration does nothing.
"""

from django.db import migrations

SEARCHED_COLUMNS = ("legal_name", "trade_name", "products")


def _index_name(column: str) -> str:
    return f"sme_{column}_trgm_idx"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(column)} ON smes_sme "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(column)}")
    # The extension stays: other database objects may use it, and it is harmless.


class Migration(migrations.Migration):
    dependencies = [("smes", "0002_reference_data")]
    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
