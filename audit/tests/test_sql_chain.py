"""PostgreSQL appends entries itself (`audit_append`, migration 0003): its canonical line and hash
must be exactly those of audit.chain, or `verify_audit_log` would report every new entry."""

import datetime
import itertools
import json
from typing import Any

import pytest
from django.db import connection, transaction

from accounts.models import Organization, User
from audit import services
from audit.chain import CHAINED_COLUMNS, GENESIS, canonical_line, entry_hash
from audit.models import AuditEntry
from audit.tests.helpers import log

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own chain code"),
]

CONTROL = "".join(chr(code) for code in range(1, 32)) + "\x7f"
AWKWARD_TEXTS = [
    "",
    "plain",
    CONTROL,
    "tab\there, new\nline, carriage\rreturn, \\ backslash, \\N not null, \\\\ two",
    "é ß ñ ø 中文 العربية 😀 👩‍⚕️ e\u0301 \u2028 \u00a0 \ufeff",
    "\"double\" 'single' `back` {braces} [brackets] %s %(name)s",
    "trailing backslash \\",
    "\\N",
]
AWKWARD_LISTS = [
    [],
    ["referral:12"],
    ["referral:12", "plan:3", "service:4f1c2a9e-0b7d-4c1a-9a57-2f9f7c1d2e3a"],
    ["contact_details", "audit"],
    ["tab\t", "new\nline", 'quote"', "back\\slash", "é😀", "\x01\x1f\x7f", "\u2028", "/"],
]
MOMENTS = [
    datetime.datetime(2026, 3, 3, 9, 12, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 3, 9, 12, 5, 100000, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 3, 9, 12, 5, 123450, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 3, 9, 12, 5, 1, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 3, 9, 12, 5, 10, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2027, 1, 1, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
    datetime.datetime(999, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 2, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
]

_LINE_SQL = (
    "SELECT audit_canonical_line(%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, "
    "%s, %s, %s, %s, %s, %s, %s)"
)


def awkward_rows() -> list[list[Any]]:
    """Every awkward value in every column it can go in, and NULL wherever the line allows it."""
    rows = []
    base: list[Any] = [
        1,
        MOMENTS[0],
        17,
        "Anouk de Vries",
        "professional",
        3,
        "Huisartsenpraktijk De Linde",
        42,
        ["referral:12"],
        ["contact_details"],
        "referral",
        "read",
        "allowed",
        "consent:42",
        "",
        "page",
        GENESIS,
    ]
    for index, column in enumerate(CHAINED_COLUMNS):
        if column == "at":
            values: list[Any] = MOMENTS
        elif column in ("records", "categories"):
            values = AWKWARD_LISTS
        elif column in ("id", "actor_id", "organization_id", "resident_id"):
            values = [None, 0, 1, 2**31 - 1, -5] if column != "id" else [1, 2**62]
        else:
            values = [None, *AWKWARD_TEXTS]
        for value in values:
            row = list(base)
            row[index] = value
            rows.append(row)
    return rows


def sql_line(cursor: Any, values: list[Any]) -> str:
    params = [
        json.dumps(v) if c in ("records", "categories") else v
        for c, v in zip(CHAINED_COLUMNS, values, strict=True)
    ]
    cursor.execute(_LINE_SQL, params)
    return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("timezone", "datestyle"),
    [("UTC", "ISO, YMD"), ("Europe/Amsterdam", "SQL, DMY"), ("America/St_Johns", "German")],
)
def test_postgresql_writes_the_canonical_line_python_writes(timezone: str, datestyle: str) -> None:
    rows = awkward_rows()
    with connection.cursor() as cursor:
        # The function sets its own TimeZone and DateStyle: the session's do not matter.
        cursor.execute(f"SET LOCAL TimeZone = '{timezone}'")
        cursor.execute(f"SET LOCAL DateStyle = '{datestyle}'")
        for values in rows:
            assert sql_line(cursor, values) == canonical_line(values), values
    assert len(rows) > 80


def test_postgresql_hashes_as_python_does() -> None:
    with connection.cursor() as cursor:
        for values in awkward_rows():
            cursor.execute(
                f"SELECT encode(sha256(convert_to(E'ontschot.audit.v1\\n' || ({_LINE_SQL[7:]}), "
                "'UTF8')), 'hex')",
                [json.dumps(v) if isinstance(v, list) else v for v in values],
            )
            assert cursor.fetchone()[0] == entry_hash(values), values


def test_appended_entries_carry_the_hash_python_computes(
    gp: User, gp_practice: Organization
) -> None:
    gp.first_name, gp.last_name = "Ann\te\\N", "de\nVries 😀"
    gp_practice.name = CONTROL + "\\ Praktijk é"
    entries = [
        services.build_entry(
            actor=actor,
            organization=organization,
            resident_id=resident_id,
            records=records,
            categories=categories,
            purpose="referral",
            action="read",
            outcome="denied",
            basis=text,
            reason=text[::-1],
            channel="api",
        )
        for actor, organization, resident_id, records, categories, text in [
            (gp, gp_practice, 42, ["referral:12", "plan:3"], ["contact_details", "audit"], CONTROL),
            (None, None, None, [], [], ""),
            (gp, None, 7, ["service:4f1c-2a9e"], ["notes"], AWKWARD_TEXTS[4]),
        ]
    ]
    log(2)  # there is a chain to append to

    written = services.append(*entries)

    assert [entry.id for entry in written] == [3, 4, 5]
    stored = list(AuditEntry.objects.order_by("id"))
    for before, after in itertools.pairwise(stored):
        assert after.prev_hash == before.hash
    for entry, row in zip(written, stored[2:], strict=True):
        values = [getattr(row, column) for column in CHAINED_COLUMNS]
        assert row.hash == entry_hash(values) == entry.hash
        assert (entry.at, entry.prev_hash) == (row.at, row.prev_hash)
    assert stored[2].actor_name == "Ann\te\\N de\nVries 😀"
    assert services.verify_chain().ok


def test_python_and_postgresql_writers_continue_each_others_chain() -> None:
    """SQLite chains in Python; a log moved between the two, or written by both, stays intact."""
    entry = services.build_entry(
        actor=None,
        organization=None,
        resident_id=1,
        records=["plan:1"],
        categories=["plan"],
        purpose="care_coordination",
        action="read",
        outcome="allowed",
        basis=CONTROL,
        reason="",
        channel="task",
    )
    log()
    with transaction.atomic(), connection.cursor() as cursor:
        services._append_in_python(connection, cursor, [entry])
    log()

    result = services.verify_chain()
    assert (result.ok, result.checked) == (True, 3)


def test_the_function_holds_the_chains_lock_until_the_transaction_ends() -> None:
    held = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
        "AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = %s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        log()
        cursor.execute(held, [services.CHAIN_LOCK_KEY])
        assert cursor.fetchone()[0] == 1
