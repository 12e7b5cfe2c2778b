r"""On PostgreSQL an entry is appended to the chain in one round trip: `audit_append(entries)`.

The function does what `audit.services.append` did in three statements, in the caller's
transaction: take the chain's advisory lock, read the last entry (a statement of its own, after
the lock, so under READ COMMITTED it sees what the previous holder committed), and insert each
entry with id = last id + 1 and prev_hash = the last hash. The hash is computed by PostgreSQL's
sha256() over the same canonical line as `audit.chain` (ADR 0010): `audit_canonical_line` writes
the columns in COPY's text format, `at` as PostgreSQL writes it with TimeZone=UTC and
DateStyle=ISO (`audit_format_at`, whatever the session's settings), which is what the verifier
streams. `audit/tests/test_sql_chain.py` proves the SQL line and the Python line identical for
awkward values. The helpers are plain SQL functions without SET clauses, so PostgreSQL inlines
them into `audit_append`'s cached plan (with `SET TimeZone` instead, the line cost 15 µs, not 1).

`entries` is a JSON array of objects with the columns an entry is built with (actor_id,
actor_name, actor_kind, organization_id, organization_name, resident_id, records, categories,
purpose, action, outcome, basis, reason, channel); the function returns, in the same order, each
entry's id, at, prev_hash and hash. SQLite (the embedded demo) keeps the Python path.

The functions run with the caller's rights (SECURITY INVOKER): the application's role still needs
INSERT on the table, and nothing more.
"""

from django.db import migrations

# audit.services.CHAIN_LOCK_KEY ("ontschot" in ASCII); a test checks they are the same.
LOCK_KEY = 0x6F6E7473_63686F74

INSTALL = r"""
CREATE FUNCTION audit_copy_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(
        replace(replace(replace(replace(replace(replace(replace(value,
            E'\\', E'\\\\'),
            E'\b', E'\\b'),
            E'\f', E'\\f'),
            E'\n', E'\\n'),
            E'\r', E'\\r'),
            E'\t', E'\\t'),
            E'\x0B', E'\\v'),
        E'\\N')
$$;

CREATE FUNCTION audit_format_at(at timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
        || coalesce('.' || nullif(rtrim(to_char(at AT TIME ZONE 'UTC', 'US'), '0'), ''), '')
        || '+00'
$$;

CREATE FUNCTION audit_canonical_line(
    id bigint, at timestamptz, actor_id integer, actor_name text, actor_kind text,
    organization_id integer, organization_name text, resident_id integer, records jsonb,
    categories jsonb, purpose text, action text, outcome text, basis text, reason text,
    channel text, prev_hash text
) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT audit_copy_text(id::text) || E'\t' || audit_format_at(at)
        || E'\t' || audit_copy_text(actor_id::text) || E'\t' || audit_copy_text(actor_name)
        || E'\t' || audit_copy_text(actor_kind)
        || E'\t' || audit_copy_text(organization_id::text)
        || E'\t' || audit_copy_text(organization_name)
        || E'\t' || audit_copy_text(resident_id::text)
        || E'\t' || audit_copy_text(records::text) || E'\t' || audit_copy_text(categories::text)
        || E'\t' || audit_copy_text(purpose) || E'\t' || audit_copy_text(action)
        || E'\t' || audit_copy_text(outcome) || E'\t' || audit_copy_text(basis)
        || E'\t' || audit_copy_text(reason) || E'\t' || audit_copy_text(channel)
        || E'\t' || audit_copy_text(prev_hash)
$$;

CREATE FUNCTION audit_append(entries jsonb)
RETURNS TABLE (entry_id bigint, entry_at timestamptz, entry_prev_hash text, entry_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    last_id bigint;
    last_hash text;
    moment timestamptz;
    e record;
BEGIN
    PERFORM pg_advisory_xact_lock(%(lock_key)s);
    SELECT a.id, a.hash INTO last_id, last_hash
        FROM audit_auditentry a ORDER BY a.id DESC LIMIT 1;
    IF NOT FOUND THEN
        last_id := 0;
        last_hash := repeat('0', 64);
    END IF;
    moment := clock_timestamp();
    FOR e IN
        SELECT * FROM ROWS FROM (jsonb_to_recordset(entries) AS (
            actor_id integer, actor_name text, actor_kind text, organization_id integer,
            organization_name text, resident_id integer, records jsonb, categories jsonb,
            purpose text, action text, outcome text, basis text, reason text, channel text
        )) WITH ORDINALITY AS x ORDER BY x.ordinality
    LOOP
        last_id := last_id + 1;
        entry_hash := encode(sha256(convert_to(E'ontschot.audit.v1\n' || audit_canonical_line(
            last_id, moment, e.actor_id, e.actor_name, e.actor_kind, e.organization_id,
            e.organization_name, e.resident_id, e.records, e.categories, e.purpose, e.action,
            e.outcome, e.basis, e.reason, e.channel, last_hash
        ), 'UTF8')), 'hex');
        INSERT INTO audit_auditentry (
            id, at, actor_id, actor_name, actor_kind, organization_id, organization_name,
            resident_id, records, categories, purpose, action, outcome, basis, reason, channel,
            prev_hash, hash
        ) VALUES (
            last_id, moment, e.actor_id, e.actor_name, e.actor_kind, e.organization_id,
            e.organization_name, e.resident_id, e.records, e.categories, e.purpose, e.action,
            e.outcome, e.basis, e.reason, e.channel, last_hash, entry_hash
        );
        entry_id := last_id;
        entry_at := moment;
        entry_prev_hash := last_hash;
        RETURN NEXT;
        last_hash := entry_hash;
    END LOOP;
END
$$;
""".replace("%(lock_key)s", str(LOCK_KEY))

REMOVE = """
DROP FUNCTION IF EXISTS audit_append(jsonb);
DROP FUNCTION IF EXISTS audit_canonical_line(
    bigint, timestamptz, integer, text, text, integer, text, integer, jsonb, jsonb, text, text,
    text, text, text, text, text
);
DROP FUNCTION IF EXISTS audit_format_at(timestamptz);
DROP FUNCTION IF EXISTS audit_copy_text(text);
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(install, remove)]
