"""On PostgreSQL, a trigram index makes the search's LIKE '% token%' matching use an index.

SQLite has no such index and needs none at demo scale; the SQL the search runs is the same on
both, so results are identical (ADR 0005).
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_search_document_trgm "
        "ON directory_service USING gin (search_document gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_search_title_trgm "
        "ON directory_service USING gin (search_title gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_document_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
