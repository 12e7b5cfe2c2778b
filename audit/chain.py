"""The hash chain: one canonical line per entry, and its SHA-256.

The canonical line of an entry is its columns in `CHAINED_COLUMNS` order (`prev_hash` last), in
PostgreSQL's COPY text format: fields separated by a tab, NULL written `\\N`, and backslash,
backspace, form feed, newline, carriage return, tab and vertical tab escaped with a backslash.
Values are written as PostgreSQL writes them with `TimeZone=UTC` and `DateStyle=ISO`: integers in
decimal, `at` as `2026-03-03 09:12:05.1234+00` (microseconds without trailing zeros), the two lists
as jsonb text (`["referral:12", "plan:3"]`). The format is unambiguous (every separator inside a
value is escaped) and it is exactly the line `COPY (SELECT <columns>) TO STDOUT` sends, so the
verifier can hash what the database streams without parsing it.

    hash = sha256(DOMAIN + canonical line).hexdigest()

This module imports nothing from Django models, so the benchmark generator uses the same code.
"""

import datetime
import hashlib
import json
from collections.abc import Sequence
from typing import Any

# Bump the version (and keep the old one for old entries) if the format ever changes.
DOMAIN = b"ontschot.audit.v1\n"
GENESIS = "0" * 64

CHAINED_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "actor_kind",
    "organization_id",
    "organization_name",
    "resident_id",
    "records",
    "categories",
    "purpose",
    "action",
    "outcome",
    "basis",
    "reason",
    "channel",
    "prev_hash",
)
INT_COLUMNS = frozenset({"id", "actor_id", "organization_id", "resident_id"})
LIST_COLUMNS = frozenset({"records", "categories"})

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
    }
)
_PREFIX = hashlib.sha256(DOMAIN)


def escape(text: str) -> str:
    """A text value as COPY's text format writes it."""
    return text.translate(_ESCAPES)


def format_at(at: datetime.datetime) -> str:
    """A timestamptz as PostgreSQL writes it with TimeZone=UTC and DateStyle=ISO."""
    utc = at.astimezone(datetime.UTC)
    text = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} {utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return text + "+00"


def format_list(values: Sequence[str]) -> str:
    """A JSON list of strings as jsonb writes it."""
    return json.dumps(list(values), ensure_ascii=False)


def canonical_line(values: Sequence[Any]) -> str:
    """The canonical line of one entry; `values` in `CHAINED_COLUMNS` order."""
    fields = []
    for column, value in zip(CHAINED_COLUMNS, values, strict=True):
        if value is None:
            fields.append("\\N")
        elif column in INT_COLUMNS:
            fields.append(str(int(value)))
        elif column == "at":
            fields.append(format_at(value))
        elif column in LIST_COLUMNS:
            fields.append(escape(format_list(value)))
        else:
            fields.append(escape(str(value)))
    return "\t".join(fields)


def line_hash(line: bytes) -> str:
    """SHA-256 (hex) of a canonical line given as UTF-8 bytes."""
    digest = _PREFIX.copy()
    digest.update(line)
    return digest.hexdigest()


def entry_hash(values: Sequence[Any]) -> str:
    return line_hash(canonical_line(values).encode())
