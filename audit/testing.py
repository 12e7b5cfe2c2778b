"""Helpers for tests only: get past the append-only trigger on purpose.

A transactional test (`django_db(transaction=True)`, `live_server`) that writes access-log
entries must remove them before Django flushes the database, because the trigger refuses to
TRUNCATE a log that has entries. Use `purge_audit_log()` in the teardown of such a test. Both
need a database role that may disable the trigger (the table's owner or a superuser), which is
what the test suite runs as and what the application must not run as in production.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, transaction

from audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table
TRIGGER = "audit_auditentry_append_only"


@contextmanager
def without_append_only_trigger(using: str = "default") -> Iterator[Any]:
    """A cursor with which raw UPDATE/DELETE work (PostgreSQL: the trigger is disabled until the
    block ends, within a transaction; SQLite has no trigger)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


def purge_audit_log(using: str = "default") -> None:
    with without_append_only_trigger(using) as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
