"""Writing, verifying and reading the access log.

`record` is called by the policy decision point for every decision, inside the transaction of the
action, so an entry exists exactly when the action happened (or was refused). `verify_chain`
recomputes the whole chain; `accesses_of` feeds the resident's "who looked at my data" page.
"""

import datetime
import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Field, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from audit.chain import CHAINED_COLUMNS, GENESIS, canonical_line, line_hash
from audit.models import (
    Action,
    ActorKind,
    AuditEntry,
    Channel,
    DataCategory,
    Outcome,
    Purpose,
)
from core import prepared

# pg_advisory_xact_lock key that serialises writers of the chain ("ontschot" in ASCII), taken by
# the audit_append function (migration 0003, which repeats it).
CHAIN_LOCK_KEY = 0x6F6E7473_63686F74
# "referral:12", "household:7", "service:4f1c…": a kind and an identifier, nothing to escape.
RECORD_PATTERN = re.compile(r"[a-z][a-z_]*:[A-Za-z0-9][A-Za-z0-9._-]*\Z")
TABLE = AuditEntry._meta.db_table


# The vocabularies, as sets: `TextChoices.values` builds a list (with labels) on every access.
_ALLOWED: dict[type, frozenset[str]] = {
    choices: frozenset(choices.values)
    for choices in (DataCategory, Purpose, Action, Outcome, Channel)
}


def _choice(choices: type, value: str, name: str) -> str:
    if value not in _ALLOWED[choices]:
        raise ValueError(
            f"audit.record: {name}={value!r} is not one of {sorted(_ALLOWED[choices])}"
        )
    return value


def record(
    *,
    actor: User | None,
    organization: Organization | None,
    resident_id: int | None,
    records: Sequence[str],
    categories: Sequence[str],
    purpose: str,
    action: str,
    outcome: str,
    basis: str,
    reason: str,
    channel: str,
) -> AuditEntry:
    """Append one entry to the chain and return it.

    Runs in the caller's transaction when there is one (the entry then commits or rolls back with
    the action), else in its own. Writers are serialised: on PostgreSQL by a transaction-level
    advisory lock (taken by `audit_append`, which chains and inserts in the same statement), on
    SQLite by the write lock that `BEGIN IMMEDIATE` takes. Under the lock the
    entry gets id = last id + 1 and prev_hash = the last entry's hash, so a rolled-back action
    leaves no gap and two writers can never chain to the same entry (the primary key would refuse
    the second even if the lock were bypassed).
    """
    entry = build_entry(
        actor=actor,
        organization=organization,
        resident_id=resident_id,
        records=records,
        categories=categories,
        purpose=purpose,
        action=action,
        outcome=outcome,
        basis=basis,
        reason=reason,
        channel=channel,
    )
    return append(entry)[0]


def build_entry(
    *,
    actor: User | None,
    organization: Organization | None,
    resident_id: int | None,
    records: Sequence[str],
    categories: Sequence[str],
    purpose: str,
    action: str,
    outcome: str,
    basis: str,
    reason: str,
    channel: str,
) -> AuditEntry:
    """An entry checked and filled in, not yet chained or written (see `append`)."""
    for item in records:
        if not RECORD_PATTERN.match(item):
            raise ValueError(f"audit.record: record {item!r} is not like 'referral:12'")
    for category in categories:
        _choice(DataCategory, category, "category")
    return AuditEntry(
        actor_id=actor.pk if actor is not None else None,
        actor_name=str(actor) if actor is not None else "",
        actor_kind=actor.kind if actor is not None else ActorKind.SYSTEM,
        organization_id=organization.pk if organization is not None else None,
        organization_name=organization.name if organization is not None else "",
        resident_id=resident_id,
        records=list(records),
        categories=list(categories),
        purpose=_choice(Purpose, purpose, "purpose"),
        action=_choice(Action, action, "action"),
        outcome=_choice(Outcome, outcome, "outcome"),
        basis=basis,
        reason=reason,
        channel=_choice(Channel, channel, "channel"),
    )


def append(*entries: AuditEntry) -> list[AuditEntry]:
    """Chain these entries, in order, after the last one and write them in one statement (a list
    page logs one entry per resident it shows, at the cost of one).

    On PostgreSQL that statement is `audit_append` (migration 0003): lock, last entry, inserts
    and hashes in one round trip, with sha256() over the same canonical line as `audit.chain`.
    Elsewhere (SQLite, whose `BEGIN IMMEDIATE` holds the write lock) Python chains the entries.
    """
    if not entries:
        return []
    using = router.db_for_write(AuditEntry)
    connection = connections[using]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
            _append_in_python(connection, cursor, entries)
        _written(entries, using)
        return list(entries)

    def done(rows: Sequence[Sequence[Any]]) -> None:
        for entry, row in zip(entries, rows, strict=True):
            entry.id, entry.at, entry.prev_hash, entry.hash = row
        _written(entries, using)

    params = {"audit_entries": json.dumps([_payload(entry) for entry in entries])}
    # Inside core.prepared.together() (a referral's change) the call is the last part of the
    # change's one statement, and the entries get their id and hashes when that block ends.
    if prepared.defer(
        connection,
        ctes=_APPENDED_CTE,
        results=_APPENDED_RESULTS,
        params=params,
        done=lambda columns: done(list(zip(*columns, strict=True))),
    ):
        return list(entries)
    # One statement is atomic by itself: it joins the caller's transaction when there is one
    # and is its own otherwise, without a BEGIN and a COMMIT of its own to wait for. Every
    # change of resident data sends it, so it is parsed once per connection (core.prepared).
    with prepared.prepared_cursor(connection) as cursor:
        cursor.execute(_APPEND_SQL, params)
        done(cursor.fetchall())
    return list(entries)


def _written(entries: Sequence[AuditEntry], using: str) -> None:
    for entry in entries:
        entry._state.adding = False
        entry._state.db = using


_APPEND_SQL = "SELECT * FROM audit_append(%(audit_entries)s::jsonb)"
# The same call as a CTE of another statement: a SELECT in a WITH runs only when read, and read
# four times it runs once (a volatile function's CTE is materialised).
_APPENDED_CTE = "audit_appended AS (SELECT * FROM audit_append(%(audit_entries)s::jsonb))"
_APPENDED_RESULTS = [
    "(SELECT array_agg(entry_id ORDER BY entry_id) FROM audit_appended)",
    "(SELECT array_agg(entry_at ORDER BY entry_id) FROM audit_appended)",
    "(SELECT array_agg(entry_prev_hash ORDER BY entry_id) FROM audit_appended)",
    "(SELECT array_agg(entry_hash ORDER BY entry_id) FROM audit_appended)",
]
# What audit_append needs of an entry: the columns it is built with (not id, at and the hashes).
_PAYLOAD_COLUMNS = tuple(
    column for column in CHAINED_COLUMNS if column not in ("id", "at", "prev_hash")
)


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {column: getattr(entry, column) for column in _PAYLOAD_COLUMNS}


def _append_in_python(connection: Any, cursor: Any, entries: Sequence[AuditEntry]) -> None:
    # The caller holds the write lock (SQLite: BEGIN IMMEDIATE).
    cursor.execute(f"SELECT id, hash FROM {TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608
    last = cursor.fetchone()
    last_id, prev_hash = last if last is not None else (0, GENESIS)
    at = timezone.now()
    params: list[Any] = []
    for entry in entries:
        last_id += 1
        entry.id = last_id
        entry.at = at
        entry.prev_hash = prev_hash
        entry.hash = prev_hash = line_hash(canonical_line(_values(entry)).encode())
        params.extend(
            field.get_db_prep_save(getattr(entry, field.attname), connection) for field in _FIELDS
        )
    # A plain INSERT: the model's save() refuses every write, and this is twice as fast.
    cursor.execute(_insert_sql(len(entries)), params)


_FIELDS: list[Field] = [
    field
    for column in (*CHAINED_COLUMNS, "hash")
    if isinstance(field := AuditEntry._meta.get_field(column), Field)
]
_ROW = f"({', '.join(['%s'] * len(_FIELDS))})"
_INSERT_HEAD = f"INSERT INTO {TABLE} ({', '.join(field.column for field in _FIELDS)}) VALUES "  # noqa: S608


def _insert_sql(rows: int) -> str:
    return _INSERT_HEAD + ", ".join([_ROW] * rows)


def _values(entry: AuditEntry) -> list[Any]:
    return [getattr(entry, column) for column in CHAINED_COLUMNS]


# --- verification ---------------------------------------------------------------------------


class Problem:
    HASH_MISMATCH = "hash_mismatch"
    BROKEN_LINK = "broken_link"
    MISSING_ENTRIES = "missing_entries"

    labels = {
        HASH_MISMATCH: _("the entry does not match its hash (it was changed)"),
        BROKEN_LINK: _("the entry does not link to the entry before it"),
        MISSING_ENTRIES: _("entries are missing"),
    }


@dataclass
class ChainVerification:
    ok: bool
    checked: int
    seconds: float
    first_id: int | None = None
    last_id: int | None = None
    last_hash: str | None = None
    broken_id: int | None = None
    problem: str | None = None
    detail: str = ""

    @property
    def entries_per_second(self) -> float:
        return self.checked / self.seconds if self.seconds > 0 else 0.0

    @property
    def problem_label(self) -> str:
        return str(Problem.labels[self.problem]) if self.problem else ""


def verify_chain(*, from_id: int = 1, using: str | None = None) -> ChainVerification:
    """Recompute every hash and link from `from_id` on (the entries before it are trusted).

    Stops at the first broken link. On PostgreSQL the rows arrive as the COPY text stream and each
    line is hashed as it is (see audit.chain); elsewhere the canonical line is built per row.
    """
    if from_id < 1:
        raise ValueError("from_id starts at 1")
    using = using or router.db_for_read(AuditEntry)
    started = time.perf_counter()
    expected_prev: str | None = GENESIS
    if from_id > 1:
        expected_prev = (
            AuditEntry.objects.using(using)
            .filter(id=from_id - 1)
            .values_list("hash", flat=True)
            .first()
        )
        if expected_prev is None:
            return ChainVerification(
                ok=False,
                checked=0,
                seconds=time.perf_counter() - started,
                broken_id=from_id - 1,
                problem=Problem.MISSING_ENTRIES,
                detail=f"entry {from_id - 1}, the one before --from-id, does not exist",
            )
    lines = (
        _copy_lines(using, from_id)
        if connections[using].vendor == "postgresql"
        else _python_lines(using, from_id)
    )
    assert expected_prev is not None
    result = check_lines(lines, first_id=from_id, expected_prev=expected_prev.encode())
    result.seconds = time.perf_counter() - started
    return result


def check_lines(
    lines: Iterable[bytes], *, first_id: int, expected_prev: bytes
) -> ChainVerification:
    """Check canonical lines followed by a tab and the stored hash, in id order."""
    checked = 0
    expected_id = first_id
    prev = expected_prev
    stored = b""
    for line in lines:
        body = line[:-65]
        stored = line[-64:]
        if not body.startswith(b"%d\t" % expected_id):
            found = int(body[: body.index(b"\t")])
            return _broken(
                checked,
                first_id,
                expected_id,
                Problem.MISSING_ENTRIES,
                f"entries {expected_id}–{found - 1} are missing"
                if found - 1 > expected_id
                else f"entry {expected_id} is missing",
                last_id=expected_id - 1,
            )
        if line[-65] != 9:  # a tab before 64 hex characters
            return _broken(
                checked,
                first_id,
                expected_id,
                Problem.HASH_MISMATCH,
                "the stored hash is not 64 characters",
                last_id=expected_id - 1,
            )
        if body[-64:] != prev:
            return _broken(
                checked,
                first_id,
                expected_id,
                Problem.BROKEN_LINK,
                f"prev_hash {body[-64:].decode()} is not the hash of entry {expected_id - 1} "
                f"({prev.decode()})",
                last_id=expected_id - 1,
            )
        if line_hash(body).encode() != stored:
            return _broken(
                checked,
                first_id,
                expected_id,
                Problem.HASH_MISMATCH,
                f"stored hash {stored.decode()} does not match the entry's contents",
                last_id=expected_id - 1,
            )
        checked += 1
        expected_id += 1
        prev = stored
    return ChainVerification(
        ok=True,
        checked=checked,
        seconds=0.0,
        first_id=first_id if checked else None,
        last_id=expected_id - 1 if checked else None,
        last_hash=prev.decode() if checked else None,
    )


def _broken(
    checked: int, first_id: int, broken_id: int, problem: str, detail: str, *, last_id: int
) -> ChainVerification:
    return ChainVerification(
        ok=False,
        checked=checked,
        seconds=0.0,
        first_id=first_id if checked else None,
        last_id=last_id if checked else None,
        broken_id=broken_id,
        problem=problem,
        detail=detail,
    )


def copy_query(from_id: int) -> str:
    columns = ", ".join(CHAINED_COLUMNS)
    return (
        f"COPY (SELECT {columns}, hash FROM {TABLE} "  # noqa: S608
        f"WHERE id >= {int(from_id)} ORDER BY id) TO STDOUT"
    )


def _copy_lines(using: str, from_id: int) -> Iterator[bytes]:
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # The canonical format is PostgreSQL's output with these settings (audit.chain).
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
        with cursor.cursor.copy(copy_query(from_id)) as copy:
            for row in copy:
                yield bytes(row)[:-1]  # one row per message, without its newline


def _python_lines(using: str, from_id: int) -> Iterator[bytes]:
    rows = (
        AuditEntry.objects.using(using)
        .filter(id__gte=from_id)
        .order_by("id")
        .values_list(*CHAINED_COLUMNS, "hash")
        .iterator(chunk_size=5000)
    )
    for row in rows:
        yield (canonical_line(row[:-1]) + "\t" + row[-1]).encode()


# --- the resident's "who looked at my data" --------------------------------------------------


def accesses_of(
    resident_id: int, *, limit: int = 50, before: tuple[datetime.datetime, int] | None = None
) -> list[AuditEntry]:
    """The latest allowed accesses to a resident's data by anyone but the resident themself,
    newest first. For the next page pass `before=(entry.at, entry.id)` of the last entry."""
    entries = AuditEntry.objects.filter(resident_id=resident_id, outcome=Outcome.ALLOWED).exclude(
        purpose=Purpose.OWN_DATA
    )
    if before is not None:
        at, entry_id = before
        # `at <= …` bounds the index scan; the OR picks the rows after the cursor.
        entries = entries.filter(Q(at__lt=at) | Q(at=at, id__lt=entry_id), at__lte=at)
    return list(entries.order_by("-at", "-id")[:limit])
