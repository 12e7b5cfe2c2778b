"""On PostgreSQL, full-text GIN indexes over the search tokens, used by the `has_token` lookup.

SQLite has no such index and needs none at demo scale; the lookup answers the same question there
with LIKE, so results are identical (ADR 0005, directory/lookups.py).
"""

from django.db import migrations

INDEXES = {
    "directory_service_search_document_tokens": "search_document",
    "directory_service_search_title_tokens": "search_title",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON directory_service "
            f"USING gin (to_tsvector('simple'::regconfig, {column}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
