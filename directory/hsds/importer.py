"""HSDS 3.0 JSON into the directory.

A payload is one record, a list of records, an API page (`{"contents": [...]}`) or an
`export_hsds` file (`{"taxonomies": [...], ..., "services": [...]}`). Every top-level record is
validated against the official schema of its kind, with the NL profile's `nl_…` properties,
before anything is written (the records of a large export file by a second process, ahead of
the import: `_CheckedAhead`); then it is written in its own transaction (a savepoint when called
inside one), so a record that fails leaves nothing behind and the others still arrive.
Organisations, locations and services go in batches (`directory.hsds.bulk`) with the same
outcome: a record the batch is not sure about, or a batch that fails, is written this way. On
PostgreSQL outside a transaction a batch is written by a thread while the next one is read and
planned (`Importer`); the outcome, the report and the order of the messages stay the same. Records
are imported in dependency order (taxonomies, terms, organisations, locations, services, services
at locations; parents before children), so a reference to a record later in the same payload
resolves.

An import merges, by id:
- a record with a known UUID is updated in place, a new one is created; nothing is duplicated;
- a key the record carries sets the stored value; a key it leaves out leaves the value alone
  (the API's list shapes carry fewer keys than the full ones);
- a list of children the record carries (phones, schedules, addresses, …) replaces that record's
  children: children no longer listed are deleted, or only unlinked when another record still
  holds them (in HSDS one phone row can belong to a service and a location at once). Locations
  no longer listed by their organisation are unlinked and deleted only when no service uses them;
  services no longer listed by their organisation are kept;
- attributes and metadata belong to the record they are nested in, whatever their
  link_id/resource_id says; metadata written here by editors (with a user) is never deleted;
- HSDS fields without a column (funding, programs, fees, …) are kept in `extra` and exported
  again;
- a dangling reference fails the record, except a parent (`parent_id` of a taxonomy term,
  `parent_organization_id`): the official examples name parents that exist nowhere, so an
  unknown parent is kept in `extra`, reported as a warning and linked once the parent arrives.
  With `strict`, it fails the record like any other dangling reference.

The search index of every service written is brought up to date (by the batch as it writes, or
at the end), and so is that of the services whose organisation, location or taxonomy term the
import changed in what the index reads of them (`INDEXED_FIELDS`).
"""

import contextlib
import datetime
import decimal
import functools
import gc
import json
import logging
import multiprocessing
import operator
import re
import sys
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import orjson
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from directory import indexing
from directory.hsds.serialize import (
    FIELDS,
    NL_FIELDS,
    SCHEDULE_EXCEPTION_FIELDS,
)
from directory.hsds.validation import ENTITIES, Problem, join, record_problems
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Metadata,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from geo.models import District

if TYPE_CHECKING:
    from directory.hsds.bulk import BatchWriter, Key, StoreThread

logger = logging.getLogger(__name__)

MAX_PROBLEMS = 10
PLURALS = {
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organizations": "organization",
    "locations": "location",
    "services": "service",
    "service_at_locations": "service_at_location",
}
PARENT_KEYS = {"taxonomy_term": "parent_id", "organization": "parent_organization_id"}
# Keys naming the record a nested object belongs to: where it is nested says that already.
OWNER_KEYS = (
    "service_id",
    "location_id",
    "organization_id",
    "contact_id",
    "service_at_location_id",
    "phone_id",
)
CHILD_KEYS: dict[str, tuple[str, ...]] = {
    "service": (
        "phones",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "cost_options",
        "contacts",
        "nl_schedule_exceptions",
    ),
    "organization": ("contacts", "phones", "locations", "services"),
    "location": ("languages", "addresses", "contacts", "accessibility", "phones", "schedules"),
    "service_at_location": ("contacts", "phones", "schedules"),
    "contact": ("phones",),
    "phone": ("languages",),
}
REFERENCE_KEYS: dict[str, tuple[str, ...]] = {
    "service": ("organization", "last_modified"),
    "organization": ("parent_organization_id",),
    "location": ("nl_district",),
    "service_at_location": ("service", "location"),
    "taxonomy_term": ("taxonomy_id", "taxonomy_detail", "parent_id"),
    "attribute": ("link_id", "link_entity", "taxonomy_term_id", "taxonomy_term"),
    "metadata": ("resource_id", "resource_type"),
}
# Rows that can belong to several records at once (one foreign key per kind of owner).
SHARED_LINKS: dict[type[models.Model], tuple[str, ...]] = {
    Phone: ("location", "service", "organization", "contact", "service_at_location"),
    Contact: ("organization", "service", "service_at_location", "location"),
    Schedule: ("service", "location", "service_at_location"),
    Language: ("service", "location", "phone"),
}

# What the search index of a service reads from the records it is linked to. When a stored one
# of these changes, the services linked to it are indexed again (`Importer.finish`).
INDEXED_FIELDS: dict[str, tuple[str, ...]] = {
    "organization": ("name",),
    "location": ("name", "latitude", "longitude", "is_confidential"),
    "taxonomy_term": ("code", "name"),
}

_M = TypeVar("_M", bound=models.Model)
_T = TypeVar("_T")


class PayloadError(Exception):
    """The whole file is unusable (unreadable, not JSON, no records in it)."""


class RecordInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def _invalid(path: str, message: str) -> RecordInvalid:
    return RecordInvalid([Problem(path, message)])


@dataclass
class Record:
    entity: str  # "" when the kind could not be told
    data: Any
    where: str  # "record #4" in a payload, "line 12" in an export file
    problem: Problem | None = None  # found before validation: a duplicate id, a broken line
    checked: list[Problem] | None = None  # what validation found, when it was done ahead

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) and value else None

    @property
    def label(self) -> str:
        """How messages name the record: "service 3f7b…", or "service (record #4)" without id."""
        kind = self.entity or "record"
        return f"{kind} {self.id}" if self.id else f"{kind} ({self.where})"


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"imported {self.created}, updated {self.updated}, failed {self.failed}"
        return text + (f", warnings {len(self.warnings)}" if self.warnings else "")


# --- Reading payloads ------------------------------------------------------------------------


def read_payload(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except OSError as error:
        raise PayloadError(f"cannot be read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise PayloadError("is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise PayloadError(
            f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from error


def read_records(path: Path, *, entity: str | None = None) -> Iterable[Record]:
    """The records of a file, in import order. An export_hsds file is read a line at a time (it
    may hold a country's directory); any other file is parsed whole. Raises PayloadError when
    the file cannot be used at all."""
    if _has_export_layout(path):
        return _export_records(path)
    return in_import_order(records_in(read_payload(path), entity=entity))


EXPORT_SECTION = re.compile(r'^"(\w+)": \[$')


def _has_export_layout(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return handle.readline() == "{\n" and handle.readline().startswith('"version": ')
    except OSError as error:
        raise PayloadError(f"cannot be read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise PayloadError("is not UTF-8 text") from error


def _export_records(path: Path) -> Iterator[Record]:
    """export_hsds writes a record per line, the lists in dependency order. Taxonomy terms and
    organisations (a few thousand) are held to put parents first; the rest streams.

    Meanwhile the objects that were alive before (Django's, the compiled schemas) are set aside
    from Python's cycle collector (`gc.freeze`), and the collector waits (`_collecting_seldom`).
    A large file is validated ahead by another process (`_CheckedAhead`)."""
    frozen = gc.get_freeze_count() == 0
    if frozen:
        gc.freeze()
    checker = _CheckedAhead.start(path)
    try:
        yield from _collecting_seldom(_export_lines(path, checker))
    finally:
        if checker is not None:
            checker.close()
        if frozen:
            gc.unfreeze()


# Records read between two runs of the cycle collector while an export file is imported.
COLLECT_EVERY = 100_000


def _collecting_seldom(records: Iterable[_T]) -> Iterator[_T]:
    """The records, with Python's cycle collector paused but for a run every `COLLECT_EVERY`.
    Paused only while a batch is planned (`_collector_paused`), it ran as the next one was read,
    every few hundred objects, and walked the records and rows of the batches in hand again and
    again: 9 of the 33 s of CPU time of 30,000 services. Records and rows hold no cycles; the
    few the import makes wait for the next run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        for count, record in enumerate(records, start=1):
            if count % COLLECT_EVERY == 0:
                gc.collect()
            yield record
    finally:
        if enabled:
            gc.enable()


def _export_texts(handle: Iterable[bytes]) -> Iterator[tuple[int, str | None, bytes]]:
    """(line number, kind or None, text) of the lines of an export file: a record's text (its
    line without the comma), or b"" for a section's opening line, with the kind it starts.

    The lines stay bytes, which orjson parses without a decoded copy. A line that is not plainly
    `{…}` once stripped of ASCII white space is decoded and read as text, so that it is taken as
    it always was (`str.strip` strips more than `bytes.strip`)."""
    kind: str | None = None
    for number, line in enumerate(handle, start=1):
        text = line.strip().removesuffix(b",")
        if text[:1] == b"{" and text[-1:] == b"}":
            if kind is not None:
                yield number, kind, text
            continue
        decoded = line.decode("utf-8", "surrogateescape").strip().removesuffix(",")
        if section := EXPORT_SECTION.match(decoded):
            kind = PLURALS.get(section[1])
            yield number, kind, b""
        elif kind is not None and decoded.startswith("{"):
            yield number, kind, decoded.encode("utf-8", "surrogateescape")


def _export_lines(path: Path, checker: "_CheckedAhead | None" = None) -> Iterator[Record]:
    seen: dict[tuple[str, str], str] = {}
    held: list[Record] = []
    with path.open("rb") as handle:
        for number, kind, text in _export_texts(handle):
            if not text:  # a new section
                yield from in_import_order(held)
                held = []
                continue
            assert kind is not None
            record = _line_record(kind, text, f"line {number}")
            _mark_duplicate(record, seen)
            if checker is not None and record.problem is None:
                record.checked = checker.problems(number)
            if kind in PARENT_KEYS:
                held.append(record)
            else:
                yield record
    yield from in_import_order(held)


# Files from this size on are validated ahead by a second process: that takes a fifth of the
# importer's time off its own core (JSON parsing stays, the records must be read here as well).
CHECK_AHEAD_BYTES = 20_000_000
CHECK_AHEAD_CHUNK = 1000  # records per message


class _CheckedAhead:
    """The schema problems of every record of an export file, found by a child process that reads
    the file on its own and sends them by line number, a chunk at a time, far ahead of the
    importer: `problems` waits until the child has passed the line. The child is forked (it has
    the compiled schemas and touches neither the database nor anything else of this process) and
    ends with the file or `close`. Should it fail, the importer validates the records itself."""

    def __init__(self, process: Any, receiving: Any) -> None:
        self.process = process
        self.receiving = receiving
        self.checked_to = 0  # line number
        self.found: dict[int, list[Problem]] = {}
        self.failed = False

    @classmethod
    def start(cls, path: Path) -> "_CheckedAhead | None":
        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        try:
            if path.stat().st_size < CHECK_AHEAD_BYTES:
                return None
        except OSError:
            return None
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_check_ahead, args=(path, sending), daemon=True)
        process.start()
        sending.close()
        return cls(process, receiving)

    def problems(self, number: int) -> list[Problem] | None:
        """The problems of the record on this line; None when the child could not tell."""
        while self.checked_to < number and not self.failed:
            try:
                self.checked_to, found = self.receiving.recv()
            except (EOFError, OSError):
                logger.warning("HSDS validation ahead stopped; validating here")
                self.failed = True
                break
            self.found |= found
        if self.checked_to < number:
            return None
        return self.found.pop(number, [])

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receiving.close()


def _check_ahead(path: Path, sending: Any) -> None:
    """In the child process: validate the records of the file in order; send (last line number
    checked, {line number: problems}) every `CHECK_AHEAD_CHUNK` records and at the end."""
    found: dict[int, list[Problem]] = {}
    count = 0
    number = 0
    with path.open("rb") as handle:
        for number, kind, text in _collecting_seldom(_export_texts(handle)):
            if not text:
                continue
            assert kind is not None
            try:
                data = parse_json(text)
            except ValueError:  # not JSON, or not UTF-8: the importer says so
                continue
            if isinstance(data, dict) and (problems := record_problems(kind, data)):
                found[number] = problems
            count += 1
            if count % CHECK_AHEAD_CHUNK == 0:
                sending.send((number, found))
                found = {}
    sending.send((sys.maxsize, found))
    sending.close()


def _line_record(kind: str, text: bytes, where: str) -> Record:
    try:
        return Record(kind, parse_json(text), where)
    except json.JSONDecodeError as error:
        problem = Problem("", f"is not valid JSON: {error.msg} (column {error.colno})")
    except UnicodeDecodeError:
        problem = Problem("", "is not UTF-8 text")
    return Record(kind, None, where, problem=problem)


# orjson reads a JSON text to the values the json module reads, except an integer beyond 64 bits
# (19 digits or more, as a float) and what it refuses (NaN, Infinity, lone surrogates).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


def parse_json(text: bytes) -> Any:
    """`json.loads` of UTF-8 text, at a third of the cost: orjson, unless the text holds a run of
    19 digits. What orjson cannot read goes to the json module, for its values (NaN) or its
    messages (`json.JSONDecodeError`, columns in characters); bytes that are not UTF-8 raise
    UnicodeDecodeError."""
    if _LONG_NUMBER not in text.translate(_DIGITS_AS_ZERO):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text.decode("utf-8"))


def detect_entity(data: Any) -> str:
    """The kind of a single HSDS record, from the keys only that kind has; "" when unsure."""
    if not isinstance(data, dict):
        return ""
    keys = set(data)
    if "status" in keys:
        return "service"
    if "location_type" in keys:
        return "location"
    if keys & {"service", "location", "service_id", "location_id"}:
        return "service_at_location"
    if keys & {"parent_id", "code", "taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri"}:
        return "taxonomy_term"
    if keys <= {"id", "name", "description", "uri", "version", "metadata"} and "version" in keys:
        return "taxonomy"
    if "name" in keys:
        return "organization"
    return ""


def records_in(payload: Any, *, entity: str | None = None) -> list[Record]:
    """The top-level records of a payload, each with its kind (`entity` when the payload does not
    say and detection should not guess)."""
    items: list[tuple[str | None, Any]]
    if isinstance(payload, dict) and isinstance(payload.get("contents"), list):
        items = [(entity, item) for item in payload["contents"]]
    elif isinstance(payload, dict) and "id" not in payload and payload.keys() & PLURALS.keys():
        items = []
        for key, kind in PLURALS.items():
            listed = payload.get(key, [])
            if not isinstance(listed, list):
                raise PayloadError(f'"{key}" is not a list')
            items += [(kind, item) for item in listed]
    elif isinstance(payload, list):
        items = [(entity, item) for item in payload]
    elif isinstance(payload, dict):
        items = [(entity, payload)]
    else:
        raise PayloadError("holds no HSDS records: expected an object, a list or a page")
    records = [
        Record(kind or detect_entity(item), item, f"record #{position}")
        for position, (kind, item) in enumerate(items, start=1)
    ]
    seen: dict[tuple[str, str], str] = {}
    for record in records:
        _mark_duplicate(record, seen)
    return records


def _mark_duplicate(record: Record, seen: dict[tuple[str, str], str]) -> None:
    """The second record with an id fails; `seen` holds where each id was met first."""
    if record.id is None:
        return
    key = (record.entity, record.id.lower())
    if key in seen:
        record.problem = Problem("id", f"duplicate: {seen[key]} has the same id")
    else:
        seen[key] = record.where


def _parent_of(record: Record, by_id: dict[tuple[str, str], Record]) -> Record | None:
    parent_key = PARENT_KEYS.get(record.entity)
    if parent_key is None or not isinstance(record.data, dict):
        return None
    parent_id = record.data.get(parent_key)
    return by_id.get((record.entity, parent_id)) if isinstance(parent_id, str) else None


def in_import_order(records: list[Record]) -> list[Record]:
    """Kinds in dependency order; parents before their children."""
    rank = {entity: index for index, entity in enumerate(ENTITIES)}
    ranked = sorted(records, key=lambda record: rank.get(record.entity, len(rank)))
    by_id = {(r.entity, r.id): r for r in ranked if r.id is not None and not r.problem}
    placed: set[int] = set()
    ordered: list[Record] = []
    for record in ranked:
        chain: list[Record] = []
        current: Record | None = record
        while current is not None and id(current) not in placed:
            placed.add(id(current))
            chain.append(current)
            current = _parent_of(current, by_id)
        ordered.extend(reversed(chain))
    return ordered


# --- Values ----------------------------------------------------------------------------------


def _whole_number(value: Any, path: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _invalid(path, f"{value!r} is not a whole number")


def _date(value: Any, path: str) -> datetime.date:
    try:
        parsed = parse_date(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise _invalid(path, f"{value!r} is not a date (YYYY-MM-DD)")
    return parsed


def _time(value: Any, path: str) -> datetime.time:
    try:
        parsed = parse_time(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise _invalid(path, f"{value!r} is not a time of day (HH:MM:SS, without time zone)")
    return parsed


def _datetime(value: Any, path: str) -> datetime.datetime:
    """An ISO 8601 date-time; a date alone means its midnight and no offset means UTC."""
    parsed: datetime.datetime | None = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
            if parsed is None and (day := parse_date(value)) is not None:
                parsed = datetime.datetime.combine(day, datetime.time())
        except ValueError:
            parsed = None
    if parsed is None:
        raise _invalid(path, f"{value!r} is not a date-time (like 2024-05-16T09:30:00Z)")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def convert(model: type[models.Model], name: str, value: Any, path: str) -> Any:
    """A JSON value as the model field wants it; type and range errors name the path."""
    model_field = cast("models.Field[Any, Any]", model._meta.get_field(name))
    if value is None:
        if model_field.null:
            return None
        if isinstance(model_field, models.CharField | models.TextField):
            return ""
        raise _invalid(path, "may not be null")
    if isinstance(model_field, models.BooleanField):
        if not isinstance(value, bool):
            raise _invalid(path, f"{value!r} is not true or false")
        return value
    if isinstance(model_field, models.DateTimeField):
        return _datetime(value, path)
    if isinstance(model_field, models.DateField):
        return _date(value, path)
    if isinstance(model_field, models.TimeField):
        return _time(value, path)
    if isinstance(model_field, models.DecimalField | models.FloatField | models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _invalid(path, f"{value!r} is not a number")
        if isinstance(model_field, models.DecimalField):
            return decimal.Decimal(str(value))
        if isinstance(model_field, models.FloatField):
            return float(value)
        return _whole_number(value, path)
    if not isinstance(value, str):
        raise _invalid(path, f"{value!r} is not a string")
    return value


def _handled_keys(entity: str) -> frozenset[str]:
    keys = {"id", *FIELDS.get(entity, ()), *NL_FIELDS.get(entity, {})}
    keys |= {*CHILD_KEYS.get(entity, ()), *REFERENCE_KEYS.get(entity, ()), *OWNER_KEYS}
    if entity not in ("attribute", "metadata"):
        keys |= {"attributes", "metadata"}
    return frozenset(keys)


HANDLED_KEYS = {entity: _handled_keys(entity) for entity in [*FIELDS, "attribute", "metadata"]}


def _hsds_key(entity: str, field_name: str) -> str:
    for key, name in NL_FIELDS.get(entity, {}).items():
        if name == field_name:
            return key
    return {"taxonomy_ref": "taxonomy_id", "parent_organization": "parent_organization_id"}.get(
        field_name, field_name
    )


# --- Writing ---------------------------------------------------------------------------------


class Writer:
    """Writes one top-level record and everything nested in it. Raises RecordInvalid."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.warnings: list[Problem] = []
        self.service_ids: set[uuid.UUID] = set()
        self.changed: dict[str, set[str]] = defaultdict(set)  # see INDEXED_FIELDS
        # Rows read (or found missing) while replacing a list of children, so that writing each
        # child does not read it again.
        self._loaded: dict[tuple[type[models.Model], uuid.UUID], models.Model] = {}
        self._absent: set[tuple[type[models.Model], uuid.UUID]] = set()

    def write(self, entity: str, data: dict[str, Any]) -> bool:
        """Write the record; True when it was new."""
        writers: dict[str, Callable[..., tuple[Any, bool]]] = {
            "taxonomy": self.taxonomy,
            "taxonomy_term": self.taxonomy_term,
            "organization": self.organization,
            "location": self.location,
            "service": self.service,
            "service_at_location": self.service_at_location,
        }
        _obj, created = writers[entity](data, "")
        return created

    # Top-level kinds

    def service(
        self, data: dict[str, Any], path: str, *, organization: Organization | None = None
    ) -> tuple[Service, bool]:
        links: dict[str, Any] = {}
        if organization is not None:
            links["organization"] = organization
        elif "organization" in data:
            links["organization"], _ = self.organization(
                data["organization"], join(path, "organization")
            )
        elif "organization_id" in data:
            links["organization"] = self._existing(
                Organization, data["organization_id"], join(path, "organization_id")
            )
        service, created = self._upsert(
            Service, "service", data, path, links, required={"organization": "organization_id"}
        )
        if "last_modified" in data:
            last_modified = _datetime(data["last_modified"], join(path, "last_modified"))
            Service.objects.filter(pk=service.pk).update(updated_at=last_modified)
        self._children(service, data, path, "phones", self.phone)
        self._children(service, data, path, "schedules", self.schedule)
        self._children(service, data, path, "service_areas", self.service_area)
        self._children(service, data, path, "service_at_locations", self.service_at_location)
        self._children(service, data, path, "languages", self.language)
        self._children(service, data, path, "cost_options", self.cost_option)
        self._children(service, data, path, "contacts", self.contact)
        self._schedule_exceptions(service, data, path)
        self.service_ids.add(service.pk)
        return service, created

    def organization(self, data: dict[str, Any], path: str) -> tuple[Organization, bool]:
        links: dict[str, Any] = {}
        parent = self._parent(Organization, data, path, "parent_organization_id")
        if parent is not None:
            links["parent_organization"] = parent
        organization, created = self._upsert(Organization, "organization", data, path, links)
        self._keep_unknown_parent(organization, data, "parent_organization_id", parent)
        self._children(organization, data, path, "contacts", self.contact)
        self._children(organization, data, path, "phones", self.phone)
        self._children(organization, data, path, "locations", self.location)
        self._children(organization, data, path, "services", self.service, drop_stale=False)
        return organization, created

    def location(
        self, data: dict[str, Any], path: str, *, organization: Organization | None = None
    ) -> tuple[Location, bool]:
        existing = self._load(Location, data["id"])
        if existing is not None and existing.is_confidential and _is_placeholder(data):
            # Our own public export read back in: the placeholder must not replace the address.
            return existing, False
        if existing is not None:
            self._loaded[(Location, existing.pk)] = existing
        links: dict[str, Any] = {}
        if organization is not None:
            links["organization"] = organization
        elif "organization_id" in data:
            links["organization"] = self._existing(
                Organization, data["organization_id"], join(path, "organization_id")
            )
        district = self._district(data, path)
        if "nl_district" in data:
            links["district"] = district
        location, created = self._upsert(Location, "location", data, path, links)
        if "nl_district" in data:
            self._keep_unknown(location, "nl_district", None if district else data["nl_district"])
        self._children(location, data, path, "languages", self.language)
        self._children(location, data, path, "addresses", self.address)
        self._children(location, data, path, "contacts", self.contact)
        self._children(location, data, path, "accessibility", self.accessibility)
        self._children(location, data, path, "phones", self.phone)
        self._children(location, data, path, "schedules", self.schedule)
        return location, created

    def service_at_location(
        self, data: dict[str, Any], path: str, *, service: Service | None = None
    ) -> tuple[ServiceAtLocation, bool]:
        links: dict[str, Any] = {}
        if service is not None:
            links["service"] = service
        elif "service" in data:
            links["service"], _ = self.service(data["service"], join(path, "service"))
        elif "service_id" in data:
            links["service"] = self._existing(Service, data["service_id"], join(path, "service_id"))
        if "location" in data:
            links["location"], _ = self.location(data["location"], join(path, "location"))
        elif "location_id" in data:
            links["location"] = self._existing(
                Location, data["location_id"], join(path, "location_id")
            )
        self._check_unique_pair(data, path, links)
        service_at_location, created = self._upsert(
            ServiceAtLocation,
            "service_at_location",
            data,
            path,
            links,
            required={"service": "service_id", "location": "location_id"},
        )
        self._children(service_at_location, data, path, "contacts", self.contact)
        self._children(service_at_location, data, path, "phones", self.phone)
        self._children(service_at_location, data, path, "schedules", self.schedule)
        return service_at_location, created

    def taxonomy(self, data: dict[str, Any], path: str) -> tuple[Taxonomy, bool]:
        return self._upsert(Taxonomy, "taxonomy", data, path, {})

    def taxonomy_term(self, data: dict[str, Any], path: str) -> tuple[TaxonomyTerm, bool]:
        links: dict[str, Any] = {}
        if "taxonomy_detail" in data:
            links["taxonomy_ref"], _ = self.taxonomy(
                data["taxonomy_detail"], join(path, "taxonomy_detail")
            )
        elif "taxonomy_id" in data:
            links["taxonomy_ref"] = self._existing(
                Taxonomy, data["taxonomy_id"], join(path, "taxonomy_id")
            )
        parent = self._parent(TaxonomyTerm, data, path, "parent_id")
        if parent is not None:
            links["parent"] = parent
        term, created = self._upsert(TaxonomyTerm, "taxonomy_term", data, path, links)
        self._keep_unknown_parent(term, data, "parent_id", parent)
        return term, created

    # Nested kinds

    def address(self, data: dict[str, Any], path: str, **links: Any) -> tuple[Address, bool]:
        return self._upsert(Address, "address", data, path, links)

    def contact(self, data: dict[str, Any], path: str, **links: Any) -> tuple[Contact, bool]:
        contact, created = self._upsert(Contact, "contact", data, path, links)
        self._children(contact, data, path, "phones", self.phone)
        return contact, created

    def phone(self, data: dict[str, Any], path: str, **links: Any) -> tuple[Phone, bool]:
        phone, created = self._upsert(Phone, "phone", data, path, links)
        self._children(phone, data, path, "languages", self.language)
        return phone, created

    def schedule(self, data: dict[str, Any], path: str, **links: Any) -> tuple[Schedule, bool]:
        return self._upsert(Schedule, "schedule", data, path, links)

    def service_area(
        self, data: dict[str, Any], path: str, **links: Any
    ) -> tuple[ServiceArea, bool]:
        return self._upsert(ServiceArea, "service_area", data, path, links)

    def cost_option(self, data: dict[str, Any], path: str, **links: Any) -> tuple[CostOption, bool]:
        return self._upsert(CostOption, "cost_option", data, path, links)

    def language(self, data: dict[str, Any], path: str, **links: Any) -> tuple[Language, bool]:
        return self._upsert(Language, "language", data, path, links)

    def accessibility(
        self, data: dict[str, Any], path: str, **links: Any
    ) -> tuple[Accessibility, bool]:
        return self._upsert(Accessibility, "accessibility", data, path, links)

    def attribute(
        self, data: dict[str, Any], path: str, *, owner: tuple[str, uuid.UUID]
    ) -> tuple[Attribute, bool]:
        links: dict[str, Any] = {"link_entity": owner[0], "link_id": owner[1]}
        if "taxonomy_term" in data:
            links["taxonomy_term"], _ = self.taxonomy_term(
                data["taxonomy_term"], join(path, "taxonomy_term")
            )
        elif "taxonomy_term_id" in data:
            links["taxonomy_term"] = self._existing(
                TaxonomyTerm, data["taxonomy_term_id"], join(path, "taxonomy_term_id")
            )
        return self._upsert(
            Attribute,
            "attribute",
            data,
            path,
            links,
            required={"taxonomy_term": "taxonomy_term_id"},
        )

    def metadata(
        self, data: dict[str, Any], path: str, *, owner: tuple[str, uuid.UUID]
    ) -> tuple[Metadata, bool]:
        links = {"resource_type": owner[0], "resource_id": owner[1]}
        return self._upsert(Metadata, "metadata", data, path, links)

    # Steps

    def _upsert(
        self,
        model: type[_M],
        entity: str,
        data: dict[str, Any],
        path: str,
        links: dict[str, Any],
        *,
        required: dict[str, str] | None = None,
    ) -> tuple[_M, bool]:
        obj = self._load(model, data["id"])
        created = obj is None
        if obj is None:
            obj = model(pk=data["id"])
        for link, key in (required or {}).items():
            if created and link not in links:
                raise _invalid(join(path, key), f"a new {entity} needs its {link}: give {key}")
        watched = () if created else INDEXED_FIELDS.get(entity, ())
        before = [getattr(obj, name) for name in watched]
        self._assign(obj, entity, data, path)
        for name, value in links.items():
            setattr(obj, name, value)
        self._store(obj, entity, path, created=created)
        if before != [getattr(obj, name) for name in watched]:
            self.changed[entity].add(str(obj.pk))
        if entity not in ("attribute", "metadata"):
            self._attributes_and_metadata(obj, entity, data, path)
        return obj, created

    def _assign(self, obj: models.Model, entity: str, data: dict[str, Any], path: str) -> None:
        model = type(obj)
        for key in FIELDS[entity]:
            if key in data:
                setattr(obj, key, convert(model, key, data[key], join(path, key)))
        for key, name in NL_FIELDS.get(entity, {}).items():
            if key in data:
                setattr(obj, name, convert(model, name, data[key], join(path, key)))
        unknown = {key: value for key, value in data.items() if key not in HANDLED_KEYS[entity]}
        if unknown:
            obj.extra = {**obj.extra, **unknown}  # type: ignore[attr-defined]

    def _store(self, obj: models.Model, entity: str, path: str, *, created: bool) -> None:
        self._clean(obj, entity, path)
        obj.save(force_insert=created)

    def _clean(self, obj: models.Model, entity: str, path: str) -> None:
        relations = [f.name for f in obj._meta.fields if f.is_relation or f.primary_key]
        try:
            obj.clean_fields(exclude=relations)
        except ValidationError as error:
            raise RecordInvalid(
                [
                    Problem(join(path, _hsds_key(entity, name)), " ".join(messages))
                    for name, messages in error.message_dict.items()
                ]
            ) from error

    def _children(
        self,
        owner: models.Model,
        data: dict[str, Any],
        path: str,
        key: str,
        write: Callable[..., tuple[models.Model, bool]],
        *,
        drop_stale: bool = True,
    ) -> None:
        if key not in data:
            return
        link = _entity(owner)
        items = data[key]
        model = _CHILD_MODELS[key]
        listed = [item["id"] for item in items]
        if drop_stale:
            _drop_stale(model, link, self._load_children(model, {link: owner}, listed))
        else:
            self._load_children(model, {link: owner, "pk__in": listed}, listed)
        for index, item in enumerate(items):
            write(item, f"{join(path, key)}[{index}]", **{link: owner})

    def _load(self, model: type[_M], pk: Any) -> _M | None:
        key = (model, uuid.UUID(str(pk)))
        if key in self._absent:
            self._absent.discard(key)
            return None
        loaded = self._loaded.pop(key, None)
        if loaded is not None:
            return loaded  # type: ignore[return-value]
        return model._default_manager.filter(pk=pk).first()

    def _load_children(
        self, model: type[_M], filters: dict[str, Any], listed: list[str]
    ) -> list[_M]:
        """Read an owner's present children and the listed ones in one query: the listed ones are
        kept for `_load` (as are the ids found nowhere); the others, no longer listed, are
        returned."""
        keep = {uuid.UUID(str(pk)) for pk in listed}
        unlisted = []
        for child in model._default_manager.filter(Q(**filters) | Q(pk__in=keep)):
            if child.pk in keep:
                self._loaded[(model, child.pk)] = child
                keep.discard(child.pk)
            else:
                unlisted.append(child)
        self._absent |= {(model, pk) for pk in keep}
        return unlisted

    def _attributes_and_metadata(
        self, obj: models.Model, entity: str, data: dict[str, Any], path: str
    ) -> None:
        if "attributes" in data:
            items = data["attributes"]
            listed = [item["id"] for item in items]
            stale = self._load_children(Attribute, {"link_id": obj.pk}, listed)
            _delete(Attribute, stale)
            for index, item in enumerate(items):
                self.attribute(item, f"{join(path, 'attributes')}[{index}]", owner=(entity, obj.pk))
        if "metadata" in data:
            items = data["metadata"]
            listed = [item["id"] for item in items]
            # Changes made here by an editor (with a user) are ours, not the source's.
            imported = {"resource_id": obj.pk, "updated_by_user__isnull": True}
            _delete(Metadata, self._load_children(Metadata, imported, listed))
            for index, item in enumerate(items):
                self.metadata(item, f"{join(path, 'metadata')}[{index}]", owner=(entity, obj.pk))

    def _schedule_exceptions(self, service: Service, data: dict[str, Any], path: str) -> None:
        key = "nl_schedule_exceptions"
        if key not in data:
            return
        items = data[key]
        stale = ScheduleException.objects.filter(service=service)
        stale.exclude(pk__in=[item["id"] for item in items]).delete()
        for index, item in enumerate(items):
            item_path = f"{join(path, key)}[{index}]"
            exception = ScheduleException.objects.filter(pk=item["id"]).first()
            created = exception is None
            if exception is None:
                exception = ScheduleException(pk=item["id"])
            exception.service = service
            for name in SCHEDULE_EXCEPTION_FIELDS:
                if name in item:
                    value = convert(ScheduleException, name, item[name], join(item_path, name))
                    setattr(exception, name, value)
            self._store(exception, "schedule_exception", item_path, created=created)

    # References

    def _existing(self, model: type[_M], pk: Any, path: str) -> _M:
        found = model._default_manager.filter(pk=pk).first()
        if found is None:
            noun = _entity_of_model(model).replace("_", " ")
            raise _invalid(path, f"{noun} {pk} is neither in this payload nor in the directory")
        return found

    def _parent(self, model: type[_M], data: dict[str, Any], path: str, key: str) -> _M | None:
        if key not in data:
            return None
        if data[key] == data["id"]:
            raise _invalid(join(path, key), "a record cannot be its own parent")
        parent = model._default_manager.filter(pk=data[key]).first()
        if parent is None:
            noun = _entity_of_model(model).replace("_", " ")
            message = f"{noun} {data[key]} is not in the directory"
            if self.strict:
                raise _invalid(join(path, key), message)
            self.warnings.append(
                Problem(join(path, key), f"{message}; kept, to be linked when it arrives")
            )
        return parent

    def _keep_unknown_parent(
        self, obj: models.Model, data: dict[str, Any], key: str, parent: models.Model | None
    ) -> None:
        if key in data:
            self._keep_unknown(obj, key, data[key] if parent is None else None)

    def _keep_unknown(self, obj: models.Model, key: str, value: Any) -> None:
        """Keep a reference that did not resolve in `extra` (so it is exported again), or forget
        the one kept before once it resolves."""
        extra: dict[str, Any] = obj.extra  # type: ignore[attr-defined]
        if value is None and key not in extra:
            return
        if value is None:
            extra.pop(key)
        else:
            extra[key] = value
        obj.save(update_fields=["extra"])

    def _district(self, data: dict[str, Any], path: str) -> District | None:
        code = data.get("nl_district")
        if not code:
            return None
        district = District.objects.filter(code=code).first()
        if district is None:
            self.warnings.append(
                Problem(
                    join(path, "nl_district"),
                    f"district {code} is not in the geography (run load_geo); kept as text",
                )
            )
        return district

    def _check_unique_pair(self, data: dict[str, Any], path: str, links: dict[str, Any]) -> None:
        if "service" not in links or "location" not in links:
            return
        other = (
            ServiceAtLocation.objects.filter(service=links["service"], location=links["location"])
            .exclude(pk=data["id"])
            .first()
        )
        if other is not None:
            raise _invalid(
                path or "id",
                f"service {links['service'].pk} is already at location {links['location'].pk}"
                f" as service_at_location {other.pk}",
            )


def _is_placeholder(data: dict[str, Any]) -> bool:
    return data.get("nl_is_confidential") is True and "addresses" not in data


_ENTITY_OF_MODEL: dict[type[models.Model], str] = {
    Service: "service",
    Organization: "organization",
    Location: "location",
    ServiceAtLocation: "service_at_location",
    Address: "address",
    Contact: "contact",
    Phone: "phone",
    Schedule: "schedule",
    ServiceArea: "service_area",
    CostOption: "cost_option",
    Language: "language",
    Accessibility: "accessibility",
    Taxonomy: "taxonomy",
    TaxonomyTerm: "taxonomy_term",
    Attribute: "attribute",
    Metadata: "metadata",
}
_CHILD_MODELS: dict[str, type[models.Model]] = {
    "phones": Phone,
    "schedules": Schedule,
    "service_areas": ServiceArea,
    "service_at_locations": ServiceAtLocation,
    "languages": Language,
    "cost_options": CostOption,
    "contacts": Contact,
    "locations": Location,
    "services": Service,
    "addresses": Address,
    "accessibility": Accessibility,
}


def _entity_of_model(model: type[models.Model]) -> str:
    return _ENTITY_OF_MODEL[model]


def _entity(obj: models.Model) -> str:
    return _ENTITY_OF_MODEL[type(obj)]


def _drop_stale(model: type[models.Model], link: str, unlisted: list[Any]) -> None:
    """Children no longer listed: delete them, or only unlink the ones others still hold."""
    if model is Location:
        pks = [location.pk for location in unlisted]
        Location.objects.filter(pk__in=pks, service_at_locations__isnull=True).delete()
        Location.objects.filter(pk__in=pks).update(organization=None)
        return
    others = [name for name in SHARED_LINKS.get(model, ()) if name != link]
    held = [row for row in unlisted if any(getattr(row, f"{name}_id") for name in others)]
    if held:
        model._default_manager.filter(pk__in=[row.pk for row in held]).update(**{link: None})
    _delete(model, [row for row in unlisted if row not in held])


def _delete(model: type[models.Model], rows: list[Any]) -> None:
    if rows:
        model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()


# --- Importing -------------------------------------------------------------------------------


class Importer:
    """Imports records one at a time, each in its own transaction, and keeps the score.

    On PostgreSQL outside a transaction, a batch is written by a thread (`bulk.StoreThread`,
    with a connection of its own) while this one reads the next records, validates them and
    plans their batch: at most one batch is in flight. The messages about a batch are returned
    once it has been written (by the next `import_batch`, or `flush`), in file order. `finish`
    (or `close`) ends the thread."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.report = Report()
        self.service_ids: set[uuid.UUID] = set()  # written record by record, indexed at the end
        self._known_tokens: set[str] = set()  # in the search token table already
        # Stored organisations, locations and terms whose change the index of their services must
        # follow, and the services indexed (in batches) since the last such change.
        self._changed: dict[str, set[str]] = defaultdict(set)
        self._indexed_since_change: set[str] = set()
        self._thread: StoreThread | None = None
        self._in_flight: _InFlight | None = None
        self._by_writer = 0  # records the Writer wrote: a batch planned before them is stale

    def import_record(self, record: Record) -> list[str]:
        """Import one top-level record; return the messages about it (errors and warnings)."""
        lines = self.flush()
        problems = self._problems_before_writing(record)
        if problems:
            return lines + self._failed(record, problems)
        return lines + self._write_one(record)

    def import_batch(self, records: list[Record]) -> list[str]:
        """Import these top-level records; return the messages about them (and about the batch
        that was in flight before). Organisations, locations and services are written in bulk
        (`directory.hsds.bulk`), a run of one kind at a time, with the same outcome as one at a
        time."""
        with _collector_paused():
            return self._import_batch(records)

    def flush(self) -> list[str]:
        """Wait for the batch in flight; return the messages about it."""
        in_flight, self._in_flight = self._in_flight, None
        return [] if in_flight is None else self._settle(in_flight)

    def close(self) -> None:
        """End the thread that writes batches, once the batch in flight is written. `finish`
        does so after `flush`; alone, when the import stops half-way (the messages and counts
        of the batch in flight are not taken)."""
        self._in_flight = None
        if self._thread is not None:
            self._thread.close()
            self._thread = None

    def _import_batch(self, records: list[Record]) -> list[str]:
        from directory.hsds.bulk import BULK_ENTITIES

        invalid: list[tuple[Record, list[Problem]]] = []
        valid: list[Record] = []
        for record in records:
            problems = self._problems_before_writing(record)
            if problems:
                invalid.append((record, problems))
            else:
                valid.append(record)
        runs: list[list[Record]] = []
        for record in valid:
            if runs and runs[-1][0].entity == record.entity:
                runs[-1].append(record)
            else:
                runs.append([record])
        # The first run is planned while the batch before is written, when it may be.
        early = self._plan_early(runs[0]) if runs else None
        lines = self.flush()
        for record, problems in invalid:
            lines += self._failed(record, problems)
        for number, run in enumerate(runs):
            if run[0].entity in BULK_ENTITIES:
                lines += self._write_bulk(run, early if number == 0 else None)
            else:
                for record in run:
                    lines += self._write_one(record)
        return lines

    def _plan_early(self, records: list[Record]) -> "_Planned | None":
        """Plan a batch of the kind in flight while that one is written, unless the one in flight
        leaves records to the Writer or deletes rows (the next is planned after it, then)."""
        in_flight = self._in_flight
        if in_flight is None or in_flight.entity != records[0].entity or in_flight.alone:
            return None
        return self._plan(records, alongside=in_flight)

    def _plan(self, records: list[Record], alongside: "_InFlight | None" = None) -> "_Planned":
        from directory.hsds.bulk import prepare_batch

        by_writer = self._by_writer
        try:
            writer = prepare_batch(records[0].entity, [record.data for record in records])
        except Exception as error:  # a conflict, a database error or a bug
            return _Planned(None, by_writer, alongside, error)
        return _Planned(writer, by_writer, alongside)

    def _write_bulk(self, records: list[Record], early: "_Planned | None" = None) -> list[str]:
        """Plan the batch (unless planned early and still valid), then write it: in the thread
        when there is one, here otherwise."""
        from directory.hsds.bulk import StoreThread

        lines = self.flush()
        planned = early
        if planned is not None and not planned.still_valid(self._by_writer):
            planned = None
        if planned is None:
            planned = self._plan(records)
        if planned.writer is None:  # one record at a time
            logger.debug(
                "HSDS bulk import fell back to one record at a time", exc_info=planned.error
            )
            return lines + [line for record in records for line in self._write_one(record)]
        writer = planned.writer
        in_flight = _InFlight(
            records, writer, writer.touched(), bool(writer.unsure or writer.deletes)
        )
        store = functools.partial(self._store, writer, translation.get_language())
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            if self._thread is None:
                self._thread = StoreThread()
            in_flight.future = self._thread.submit(store)
            self._in_flight = in_flight
            return lines
        in_flight.future = Future()
        in_flight.future.set_result(store())
        return lines + self._settle(in_flight)

    def _store(self, writer: "BatchWriter", language: str | None) -> Exception | None:
        """Write the batch (in the thread, when there is one) and note the words of its index;
        return the exception that failed the write, for the batch to go record by record."""
        from directory.hsds.bulk import store_batch

        with translation.override(language):
            try:
                store_batch(writer)
            except Exception as error:  # a database error or a bug: one record at a time
                return error
            if writer.service_ids:  # indexed as they were written
                indexing.remember_words(writer.index_texts, known=self._known_tokens)
                indexing.index_changed()
        return None

    def _settle(self, in_flight: "_InFlight") -> list[str]:
        """Once the batch is written: count it, or write its records one at a time when the
        batch failed; then the records it left to the Writer."""
        assert in_flight.future is not None
        error = in_flight.future.result()  # an exception raised after the write surfaces here
        records, writer = in_flight.records, in_flight.writer
        if error is not None:
            logger.debug("HSDS bulk import fell back to one record at a time", exc_info=error)
            return [line for record in records for line in self._write_one(record)]
        for plan in writer.plans.values():
            if plan.created:
                self.report.created += 1
            else:
                self.report.updated += 1
        self._note_changes(writer.changed)
        self._indexed_since_change |= writer.service_ids
        return [line for position in writer.unsure for line in self._write_one(records[position])]

    def _write_one(self, record: Record) -> list[str]:
        lines = self.flush()
        self._by_writer += 1
        return lines + self._write_record(record)

    def _write_record(self, record: Record) -> list[str]:
        writer = Writer(strict=self.strict)
        try:
            with transaction.atomic():
                created = writer.write(record.entity, record.data)
        except RecordInvalid as error:
            return self._failed(record, error.problems)
        except (ValidationError, DatabaseError) as error:
            return self._failed(record, [Problem("", _one_line(error))])
        except Exception as error:  # a bug must not stop the other records
            logger.exception("HSDS import of %s failed", record.label)
            return self._failed(record, [Problem("", f"internal error: {error!r}")])
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1
        self.service_ids |= writer.service_ids
        self._note_changes(writer.changed)
        warnings = [f"{record.label}: {problem}" for problem in writer.warnings]
        self.report.warnings += warnings
        return [f"warning: {line}" for line in warnings]

    def _note_changes(self, changed: dict[str, set[str]]) -> None:
        if any(changed.values()):
            for entity, ids in changed.items():
                self._changed[entity] |= ids
            self._indexed_since_change = set()

    def _problems_before_writing(self, record: Record) -> list[Problem]:
        if record.problem is not None:
            return [record.problem]
        if not isinstance(record.data, dict):
            return [Problem("", "is not a JSON object")]
        if not record.entity:
            return [Problem("", "cannot tell which kind of HSDS record this is; give --type")]
        if record.checked is not None:
            return record.checked
        return record_problems(record.entity, record.data)

    def _failed(self, record: Record, problems: list[Problem]) -> list[str]:
        self.report.failed += 1
        lines = [f"{record.label}: {problem}" for problem in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            lines.append(f"{record.label}: … and {len(problems) - MAX_PROBLEMS} more problems")
        self.report.errors += lines
        return lines

    def finish(self) -> None:
        """After the last record: link parents that arrived after their children, and bring the
        search index up to date for every service written record by record, and for the
        services whose organisation, location or term changed after they were last indexed."""
        from directory.hsds.bulk import one_of

        try:
            self.flush()
        finally:
            self.close()
        _link_waiting_parents(TaxonomyTerm, "parent_id", "parent")
        _link_waiting_parents(Organization, "parent_organization_id", "parent_organization")
        services = {str(pk) for pk in self.service_ids}
        services |= self._services_of_changes() - self._indexed_since_change
        if services:
            indexing.reindex(Service.objects.filter(one_of("pk", services)))

    def _services_of_changes(self) -> set[str]:
        from directory.hsds.bulk import one_of

        conditions = []
        if organizations := self._changed.get("organization"):
            conditions.append(one_of("organization_id", organizations))
        if locations := self._changed.get("location"):
            at = ServiceAtLocation.objects.filter(one_of("location_id", locations))
            conditions.append(Q(pk__in=at.values("service_id")))
        if terms := self._changed.get("taxonomy_term"):
            tagged = Attribute.objects.filter(one_of("taxonomy_term_id", terms))
            conditions.append(Q(pk__in=tagged.filter(link_entity="service").values("link_id")))
        if not conditions:
            return set()
        found = Service.objects.filter(functools.reduce(operator.or_, conditions))
        return {str(pk) for pk in found.values_list("pk", flat=True)}


@dataclass
class _Planned:
    """A batch planned, or the error that stopped planning it (it goes record by record)."""

    writer: "BatchWriter | None"
    by_writer: int  # `Importer._by_writer` when it was planned
    alongside: "_InFlight | None"  # the batch being written meanwhile
    error: Exception | None = None

    def still_valid(self, by_writer: int) -> bool:
        """Whether what the batch read is as it is now: the Writer wrote nothing since, and the
        batch written meanwhile changed nothing it read."""
        if self.writer is None or by_writer != self.by_writer:
            return False
        return self.alongside is None or self.writer.asked.isdisjoint(self.alongside.touched)


@dataclass
class _InFlight:
    """A batch being written (or written), with what it changes."""

    records: list[Record]
    writer: "BatchWriter"
    touched: "set[Key]"
    alone: bool  # the next batch is planned only after this one is written
    future: "Future[Exception | None] | None" = None

    @property
    def entity(self) -> str:
        return self.records[0].entity


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector walks every live object whenever enough new ones have survived.
    A batch makes hundreds of thousands (records, rows, plans), without cycles, so walking them
    over and over cost more than planning them: the collector waits until the batch is written."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _link_waiting_parents(model: type[_M], key: str, link: str) -> None:
    for obj in model._default_manager.filter(extra__has_key=key):
        extra: dict[str, Any] = obj.extra  # type: ignore[attr-defined]
        parent = model._default_manager.filter(pk=extra[key]).first()
        if parent is not None:
            setattr(obj, link, parent)
            extra.pop(key)
            obj.save(update_fields=[link, "extra"])


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return " ".join(str(error).split())


def import_payload(payload: Any, *, entity: str | None = None, strict: bool = False) -> Report:
    """Import everything in a parsed payload; for code and tests that have no file."""
    importer = Importer(strict=strict)
    importer.import_batch(in_import_order(records_in(payload, entity=entity)))
    importer.finish()
    return importer.report
