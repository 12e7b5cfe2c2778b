"""On PostgreSQL the access log refuses UPDATE, DELETE and TRUNCATE, also for raw SQL.

TRUNCATE of an empty table is let through, so that test runs can flush the database (which
truncates every table) once their entries are gone; truncating an empty log loses nothing. A
superuser or the table's owner can still disable the trigger: that is what the hash chain is for.
SQLite (the embedded demo) has no trigger; the model and its queryset refuse there as well.
"""

from django.db import migrations

INSTALL = """
CREATE FUNCTION audit_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM audit_auditentry) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_append_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
