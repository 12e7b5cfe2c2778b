"""Verification finds the first broken link: a changed row, a removed row, a changed hash."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit import services
from audit.chain import CHAINED_COLUMNS, entry_hash, format_at
from audit.models import AuditEntry
from audit.services import Problem, _copy_lines, _python_lines
from audit.tests.helpers import log, tamper

pytestmark = [pytest.mark.django_db, pytest.mark.parity]


@pytest.fixture
def chain() -> list[AuditEntry]:
    return log(20, reason="tab\there, backslash \\ and a new\nline", basis="consent:42")


def test_an_intact_chain_passes(chain) -> None:
    result = services.verify_chain()
    assert result.ok
    assert (result.checked, result.first_id, result.last_id) == (20, 1, 20)
    assert result.last_hash == chain[-1].hash
    assert result.problem is None


def test_an_empty_log_passes() -> None:
    result = services.verify_chain()
    assert result.ok
    assert result.checked == 0


def test_a_changed_row_is_found(chain) -> None:
    tamper("UPDATE {table} SET outcome = 'allowed', reason = %s WHERE id = 7", ["nothing"])

    result = services.verify_chain()
    assert not result.ok
    assert (result.broken_id, result.problem, result.checked) == (7, Problem.HASH_MISMATCH, 6)


def test_a_changed_row_with_a_recomputed_hash_breaks_the_next_link(chain) -> None:
    entry = AuditEntry.objects.get(id=7)
    entry.actor_name = "Someone Else"
    forged = entry_hash([getattr(entry, column) for column in CHAINED_COLUMNS])
    tamper("UPDATE {table} SET actor_name = %s, hash = %s WHERE id = 7", [entry.actor_name, forged])

    result = services.verify_chain()
    assert (result.ok, result.broken_id, result.problem) == (False, 8, Problem.BROKEN_LINK)


def test_a_changed_hash_is_found(chain) -> None:
    tamper("UPDATE {table} SET hash = %s WHERE id = 12", ["f" * 64])

    result = services.verify_chain()
    assert (result.ok, result.broken_id, result.problem) == (False, 12, Problem.HASH_MISMATCH)


def test_a_shortened_hash_is_found(chain) -> None:
    tamper("UPDATE {table} SET hash = %s WHERE id = 4", ["abc"])

    result = services.verify_chain()
    assert (result.ok, result.broken_id, result.problem) == (False, 4, Problem.HASH_MISMATCH)
    assert result.detail == "the stored hash is not 64 characters"


def test_a_deleted_row_is_found(chain) -> None:
    tamper("DELETE FROM {table} WHERE id IN (9, 10)", [])

    result = services.verify_chain()
    assert (result.ok, result.broken_id, result.problem) == (False, 9, Problem.MISSING_ENTRIES)
    assert result.detail == "entries 9–10 are missing"
    assert result.checked == 8


def test_a_deleted_first_row_is_found(chain) -> None:
    tamper("DELETE FROM {table} WHERE id = 1", [])

    result = services.verify_chain()
    assert (result.ok, result.broken_id, result.problem) == (False, 1, Problem.MISSING_ENTRIES)


def test_from_id_starts_at_a_known_good_point(chain) -> None:
    tamper("UPDATE {table} SET reason = 'x' WHERE id = 3", [])
    assert services.verify_chain().broken_id == 3

    result = services.verify_chain(from_id=4)
    assert result.ok
    assert (result.checked, result.first_id, result.last_id) == (17, 4, 20)
    # …but the link from the entry before it is still checked
    tamper("UPDATE {table} SET prev_hash = %s WHERE id = 15", ["a" * 64])
    result = services.verify_chain(from_id=15)
    assert (result.ok, result.broken_id, result.problem) == (False, 15, Problem.BROKEN_LINK)


def test_the_command_reports_an_intact_chain(chain, capsys) -> None:
    call_command("verify_audit_log")
    output = capsys.readouterr().out
    assert "20 entries checked in" in output
    assert "entries/s" in output
    assert f"Chain intact from entry 1 to 20; last hash {chain[-1].hash}" in output


def test_the_command_fails_at_the_first_broken_link(chain, capsys) -> None:
    tamper("UPDATE {table} SET reason = 'x' WHERE id = 5", [])
    tamper("DELETE FROM {table} WHERE id = 11", [])

    with pytest.raises(CommandError, match=r"Broken at entry 5: .*\[hash_mismatch\]"):
        call_command("verify_audit_log")
    assert "4 entries checked" in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"Broken at entry 11: .*\[missing_entries\]"):
        call_command("verify_audit_log", "--from-id", "6")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's COPY")
def test_python_writes_the_canonical_line_exactly_as_postgresql_streams_it() -> None:
    awkward = "".join(chr(code) for code in range(1, 32)) + " \\ \\N é ß 😀 \"quoted\" 'single'"
    log(actor=None, reason=awkward, basis=awkward[::-1])
    log(resident_id=None, records=[], categories=["contact_details", "audit"])
    log(records=["service:4f1c2a9e-0b7d-4c1a-9a57-2f9f7c1d2e3a", "referral:12"])

    assert list(_copy_lines("default", 1)) == list(_python_lines("default", 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's output")
def test_timestamps_are_formatted_as_postgresql_does() -> None:
    utc = datetime.UTC
    moments = [
        datetime.datetime(2026, 3, 3, 9, 12, 5, 0, tzinfo=utc),
        datetime.datetime(2026, 3, 3, 9, 12, 5, 100000, tzinfo=utc),
        datetime.datetime(2026, 3, 3, 9, 12, 5, 123450, tzinfo=utc),
        datetime.datetime(2026, 3, 3, 9, 12, 5, 1, tzinfo=utc),
        datetime.datetime(999, 1, 1, tzinfo=utc),
        datetime.datetime(
            2026, 10, 25, 2, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
        for moment in moments:
            cursor.execute("SELECT %s::timestamptz::text", [moment])
            assert cursor.fetchone()[0] == format_at(moment)
