"""The pipelined batch path of import_hsds: on PostgreSQL outside a transaction, a thread with a
connection of its own writes batch N while the importer reads and plans batch N+1. The directory,
the report and the messages are exactly those of the serial batch path and of the record-by-record
Writer, whatever the batches share; an error in the thread surfaces; the thread ends with its
connection.

These tests commit (`transaction=True`): a second connection cannot see a test's transaction."""

import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from directory import indexing
from directory.hsds import bulk, importer
from directory.hsds.importer import PLURALS, Importer, in_import_order, records_in
from directory.models import Phone, Service
from directory.tests.test_hsds_bulk import (
    BASE,
    CountingImporter,
    at,
    attribute,
    empty_the_directory,
    location,
    organization,
    service,
    state,
    through_writer,
)
from directory.tests.test_hsds_import import (
    EXAMPLES,
    IMPORTABLE_EXAMPLES,
    example,
    failing_import,
    run_import,
    uid,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the thread is for PostgreSQL"),
]


class Watched:
    """How often batches went to the thread and were planned, over a test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.submitted = 0
        self.planned = 0
        submit, plan = bulk.StoreThread.submit, Importer._plan

        def counted_submit(thread: bulk.StoreThread, work: Callable[[], Any]) -> Any:
            self.submitted += 1
            return submit(thread, work)

        def counted_plan(importer: Importer, *args: Any, **kwargs: Any) -> Any:
            self.planned += 1
            return plan(importer, *args, **kwargs)

        monkeypatch.setattr(bulk.StoreThread, "submit", counted_submit)
        monkeypatch.setattr(Importer, "_plan", counted_plan)


def in_batches(size: int, *payloads: Any) -> tuple[CountingImporter, list[str]]:
    """Import the payloads `size` records at a time, as import_hsds does; return the importer and
    every message, in the order they came."""
    importer = CountingImporter()
    lines: list[str] = []
    try:
        with translation.override("en"):
            for payload in payloads:
                records = in_import_order(records_in(payload))
                for start in range(0, len(records), size):
                    lines += importer.import_batch(records[start : start + size])
                lines += importer.flush()
            importer.finish()
    finally:
        importer.close()
    return importer, lines


def three_ways(
    *payloads: Any, size: int, before: tuple[Any, ...] = ()
) -> tuple[dict[str, Any], CountingImporter]:
    """Import `before` (record by record), then `payloads` in batches of `size`: pipelined, then
    again serially (inside a transaction), then through the Writer, from an empty directory each
    time. The directory and the report are the same each time, and so are the messages of the
    two batch paths. Returns the state and the pipelined importer."""
    through_writer(*before)
    pipelined, lines = in_batches(size, *payloads)
    after = state()
    empty_the_directory()
    through_writer(*before)
    with transaction.atomic():
        serial, serial_lines = in_batches(size, *payloads)
    assert state() == after
    assert lines == serial_lines
    assert pipelined.report == serial.report
    assert pipelined.by_writer == serial.by_writer
    empty_the_directory()
    through_writer(*before)
    writer = through_writer(*payloads)
    assert state() == after
    assert writer.report == pipelined.report
    return after, pipelined


# --- The same outcome ------------------------------------------------------------------------


def test_the_official_examples_land_as_serially_and_with_the_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    watched = Watched(monkeypatch)
    examples = [example(name) for name in IMPORTABLE_EXAMPLES]
    three_ways(*examples, size=1)
    assert watched.submitted > 0


def test_the_command_pipelines_and_reports_as_serially(monkeypatch: pytest.MonkeyPatch) -> None:
    watched = Watched(monkeypatch)
    paths = [EXAMPLES / name for name in IMPORTABLE_EXAMPLES]
    out, err = run_import(*paths, batch_size=1, verbosity=0)
    after = state()
    assert watched.submitted > 0
    empty_the_directory()
    with transaction.atomic():
        assert run_import(*paths, batch_size=1, verbosity=0) == (out, err)
    assert state() == after


def generated() -> list[Any]:
    """Twelve services over four batches of three, and what makes batches depend on each other:
    a phone stored with one service that two services of two batches take over in turn (the
    second leaves out the description the first set), a duplicate id, a dangling organisation
    and a record the schema refuses."""
    phone = {"id": uid("phone:shared"), "number": "043 000 00 00", "description": "oud"}
    places = [location(f"Buurthuis {n}", latitude=50.8 + n / 100, longitude=5.7) for n in range(3)]
    services = []
    for number in range(12):
        name = f"Dienst {number:02}"
        services.append(
            service(
                name,
                description=f"Hulp nummer {number}.",
                phones=[{"id": uid(f"phone:{name}"), "number": f"043 {number:03}"}],
                service_at_locations=[at(name, f"Buurthuis {number % 3}")],
                attributes=[attribute(name, "debts")],
            )
        )
    services[2]["phones"].append(phone | {"number": "043 222 22 22", "description": "nieuw"})
    services[4]["phones"].append({"id": phone["id"], "number": "043 444 44 44"})  # next batch
    services[7] = services[1] | {"name": "Tweemaal"}  # the same id: fails
    services[9]["organization_id"] = uid("organization:nergens")  # dangling: the Writer says so
    services[10]["status"] = "misschien"  # refused by the schema
    return [*BASE, organization("Buurtteam Zuid"), *places, *services]


def before_generated() -> list[Any]:
    phone = {"id": uid("phone:shared"), "number": "043 000 00 00", "description": "oud"}
    return [*BASE, service("Eerder", phones=[phone])]


def test_batches_that_share_rows_land_as_serially(monkeypatch: pytest.MonkeyPatch) -> None:
    watched = Watched(monkeypatch)
    after, importer = three_ways(generated(), size=3, before=(before_generated(),))
    shared = after["Phone"][uid("phone:shared")]
    assert (shared["number"], shared["description"]) == ("043 444 44 44", "nieuw")
    assert str(shared["service_id"]) == uid("service:Dienst 04")
    assert importer.report.failed == 3
    assert importer.by_writer.count("service") == 1  # the dangling organisation
    assert watched.submitted > 0
    assert watched.planned > 7  # the batch that read the shared phone was planned again


def test_without_waiting_the_shared_row_would_go_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check the other tests rely on: a batch planned while the one before it was written,
    kept though that one changed what it read, writes the phone as it was before."""
    through_writer(before_generated())
    gate = threading.Event()
    store = bulk.store_batch

    def slow_store(writer: bulk.BatchWriter) -> None:
        gate.wait(timeout=5)  # the next batch is planned meanwhile
        store(writer)

    plan = Importer._plan

    def released_plan(importer: Importer, *args: Any, **kwargs: Any) -> Any:
        planned = plan(importer, *args, **kwargs)
        gate.set()
        return planned

    monkeypatch.setattr(bulk, "store_batch", slow_store)
    monkeypatch.setattr(Importer, "_plan", released_plan)
    monkeypatch.setattr("directory.hsds.importer._Planned.still_valid", lambda *args: True)
    in_batches(3, generated())
    assert Phone.objects.get(pk=uid("phone:shared")).description == "oud"


def test_a_batch_that_fails_in_the_thread_goes_record_by_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = bulk.BatchWriter.store
    doomed = uid("service:Dienst 03")

    def failing_store(writer: bulk.BatchWriter) -> None:
        if any(record["id"] == doomed for record in writer.records):
            raise DatabaseError("the disk is full")
        store(writer)

    monkeypatch.setattr(bulk.BatchWriter, "store", failing_store)
    _after, importer = three_ways(generated(), size=3, before=(before_generated(),))
    assert importer.by_writer.count("service") == 4  # that batch of three, and the dangling one


def test_a_reimport_changes_nothing_and_counts_updates() -> None:
    in_batches(3, generated())
    first = state()
    again, _lines = in_batches(3, generated())
    assert state() == first
    assert again.report.created == 0
    assert again.report.failed == 3


# --- The thread ------------------------------------------------------------------------------


def test_inside_a_transaction_there_is_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    watched = Watched(monkeypatch)
    with transaction.atomic():
        in_batches(3, generated())
    assert watched.submitted == 0
    assert Service.objects.count() == 9


def test_an_error_in_the_thread_surfaces_and_the_thread_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("the token table is gone")

    monkeypatch.setattr(indexing, "remember_words", broken)
    importer = Importer()
    records = in_import_order(records_in(generated()))
    with pytest.raises(RuntimeError, match="the token table is gone"):
        for start in range(0, len(records), 3):
            importer.import_batch(records[start : start + 3])
        importer.flush()
    importer.close()
    assert not any(thread.name == "hsds-store" for thread in threading.enumerate())


def _other_connections() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def test_the_thread_closes_its_connection() -> None:
    # Other tests of a full run may hold connections of their own: only new ones count.
    before = _other_connections()
    switch_interval = sys.getswitchinterval()
    in_batches(3, generated())
    assert not any(thread.name == "hsds-store" for thread in threading.enumerate())
    assert sys.getswitchinterval() == switch_interval
    assert _other_connections() - before == set()


# --- Validation ahead ------------------------------------------------------------------------


def export_file(tmp_path: Path, payload: list[Any]) -> Path:
    """The records in export_hsds's layout (a record per line), with a line that is not JSON."""
    sections: dict[str, list[str]] = {plural: [] for plural in PLURALS}
    for record in records_in(payload):
        sections[next(p for p, kind in PLURALS.items() if kind == record.entity)].append(
            json.dumps(record.data)
        )
    sections["services"].insert(3, '{"id": "kapot", "name": ')
    lines = ["{", '"version": "3.0",']
    for plural, texts in sections.items():
        lines.append(f'"{plural}": [')
        lines.append(",\n".join(texts))
        lines.append("],")
    lines[-1] = "]"
    lines.append("}")
    path = tmp_path / "export.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_export_file_validated_ahead_reports_as_validated_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export_file(tmp_path, generated())
    asked: list[int] = []
    problems = importer._CheckedAhead.problems

    def counted(checker: importer._CheckedAhead, number: int) -> Any:
        asked.append(number)
        return problems(checker, number)

    monkeypatch.setattr(importer._CheckedAhead, "problems", counted)
    monkeypatch.setattr(importer, "CHECK_AHEAD_BYTES", 0)
    ahead = failing_import(path, batch_size=3, verbosity=0)
    after = state()
    assert len(asked) == 19  # every record but the broken line
    assert "service (line 23): is not valid JSON" in ahead[1]
    assert "status: 'misschien' is not one of" in ahead[1]
    empty_the_directory()
    monkeypatch.setattr(importer, "CHECK_AHEAD_BYTES", 10**12)
    assert failing_import(path, batch_size=3, verbosity=0) == ahead
    assert len(asked) == 19
    assert state() == after


def test_when_validation_ahead_stops_the_importer_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export_file(tmp_path, generated())
    expected = failing_import(path, batch_size=3, verbosity=0)
    after = state()
    empty_the_directory()

    def gone(path: Path, sending: Any) -> None:
        sending.close()

    monkeypatch.setattr(importer, "_check_ahead", gone)
    monkeypatch.setattr(importer, "CHECK_AHEAD_BYTES", 0)
    assert failing_import(path, batch_size=3, verbosity=0) == expected
    assert state() == after
