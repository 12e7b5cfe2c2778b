"""Importing many records at once: a batch of organisations, locations or services (of one kind)
in one transaction, with a fixed number of queries per batch.

Every record of the batch has been validated on its own before. Then, for the batch:
1. the rows it names (and the present children of its records) are read as plain tuples, one
   query per table, with the records it refers to;
2. each record becomes rows: lists in the table's column order (the order COPY writes), merged
   into the stored rows exactly as the record-by-record `Writer` merges model objects. Each kind
   has a `Table`, prepared once from the model: which column an HSDS key sets and how its value is
   converted (as `importer.convert`), and the checks `Model.clean_fields` would make, reduced to
   what they test (a length, a choice, a range; Django's validator itself for e-mail addresses,
   URLs and anything else);
3. for services, the search index (tokens, facet bits, position) is made from those rows, so it
   is written with the service rather than read back and updated afterwards;
4. replaced children are deleted (or unlinked, when another record still holds them) and
   everything is written with one COPY per table (new rows straight into the table, changed
   ones through a staging table and one upsert; a stored row the record leaves as it was is not
   written at all), in one transaction.

Steps 1 to 3 only read (`prepare_batch`); step 4 writes (`store_batch`). On PostgreSQL outside a
transaction the importer runs them in a pipeline: a thread with its own connection
(`StoreThread`) writes batch N while the importer reads, validates and plans batch N+1, so that
the database and Python work at the same time rather than in turn. Batch N+1 then read the rows
as they were before batch N: a batch names what it read (`asked`: rows by id, found or not, and
lists of children by owner) and what its writing changes (`touched`), and when the two meet, batch
N+1 is read and planned again once batch N is written. A batch that deletes rows (a deletion
cascades further than `touched` says) or leaves records to the Writer is written before the next
one is read. See `importer.Importer`.

The `Writer` stays the reference and the fallback. A record this path is not sure about — a value
that fails a conversion or a check, a reference that is missing, a nested organisation or
location, an unknown parent or district — is left to the `Writer`, after the batch, so that it
fails or warns with the same message as always. When the batch write itself fails, or two
records of the batch touch the same row, the whole batch goes record by record: a bad record
cannot spoil the good ones, and nothing is ever half-written.
"""

import contextlib
import datetime
import functools
import json
import logging
import queue
import re
import sys
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.core import validators
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, Lookup, Q
from django.utils import timezone
from psycopg.types.string import TextLoader

from directory import indexing
from directory.hsds.importer import (
    HANDLED_KEYS,
    INDEXED_FIELDS,
    SHARED_LINKS,
    RecordInvalid,
    _date,
    _datetime,
    _is_placeholder,
    _time,
    convert,
)
from directory.hsds.serialize import FIELDS, NL_FIELDS, SCHEDULE_EXCEPTION_FIELDS
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
    TaxonomyTerm,
)
from geo.models import District

logger = logging.getLogger(__name__)

BULK_ENTITIES = ("organization", "location", "service")

MODELS: dict[str, type[models.Model]] = {
    "organization": Organization,
    "location": Location,
    "service": Service,
    "service_at_location": ServiceAtLocation,
    "address": Address,
    "contact": Contact,
    "phone": Phone,
    "schedule": Schedule,
    "service_area": ServiceArea,
    "cost_option": CostOption,
    "language": Language,
    "accessibility": Accessibility,
    "attribute": Attribute,
    "metadata": Metadata,
    "schedule_exception": ScheduleException,
}
# The lists of children each kind carries: (key, kind of child), in the Writer's order.
CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("service_at_locations", "service_at_location"),
        ("languages", "language"),
        ("cost_options", "cost_option"),
        ("contacts", "contact"),
    ),
    "organization": (("contacts", "contact"), ("phones", "phone")),
    "location": (
        ("languages", "language"),
        ("addresses", "address"),
        ("contacts", "contact"),
        ("accessibility", "accessibility"),
        ("phones", "phone"),
        ("schedules", "schedule"),
    ),
    "service_at_location": (
        ("contacts", "contact"),
        ("phones", "phone"),
        ("schedules", "schedule"),
    ),
    "contact": (("phones", "phone"),),
    "phone": (("languages", "language"),),
}
# Keys that send a record to the Writer: nested records of other kinds, parents.
UNHANDLED: dict[str, tuple[str, ...]] = {
    "organization": ("parent_organization_id", "locations", "services"),
    "location": ("organization",),
    "service": ("organization",),
    "service_at_location": ("service", "location"),
    "attribute": ("taxonomy_term",),
}
# The table each link of a child is a foreign key to (attributes and metadata have no such key).
OWNERS: dict[str, type[models.Model]] = {
    "organization_id": Organization,
    "location_id": Location,
    "service_id": Service,
    "service_at_location_id": ServiceAtLocation,
    "contact_id": Contact,
    "phone_id": Phone,
}
# Columns an upsert never overwrites: set once.
KEPT = frozenset({"id", "created_at"})
# What a service's search index is made of, besides its own columns: (model, link to the service).
INDEX_CHILDREN: tuple[tuple[type[models.Model], str], ...] = (
    (Attribute, "link_id"),
    (ServiceArea, "service_id"),
    (ServiceAtLocation, "service_id"),
)

Row = list[Any]
# What a batch reads and writes, for telling whether two batches depend on each other: a row
# (model, id) or a list of children (model, link attname, owner id).
Key = tuple[Any, ...]


def one_of(field: str, ids: Collection[Any]) -> Q:
    """`field IN (ids)`. On PostgreSQL the ids go as one text parameter, split by the server
    (`= ANY(string_to_array(…)::uuid[])`): a placeholder per id made psycopg's parsing of the
    statement cost more than the query, and unlike `IN (SELECT …)` two of these joined by OR are
    still two index scans rather than a scan of the whole table."""
    if connection.vendor == "postgresql" and ids:
        return Q(_AnyOf(F(field), ",".join(map(str, ids))))
    return Q(**{f"{field}__in": ids})


class _AnyOf(Lookup):
    """`column = ANY(string_to_array(%s, ',')::uuid[])`, the ids as one text (PostgreSQL)."""

    lookup_name = "hsds_any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(string_to_array(%s, ',')::uuid[])", [*params, self.rhs]


class Unsure(Exception):
    """This record goes to the Writer."""


class Conflict(Exception):
    """This batch goes record by record."""


# --- Tables: prepared once per kind ----------------------------------------------------------

Convert = Callable[[Any], Any]
Check = Callable[[Any], bool]


def _converter(model: type[models.Model], name: str) -> Convert:
    """`importer.convert` for one field, with the common case (a value of the field's own JSON
    type) answered at once. Anything it would refuse raises (the record goes to the Writer)."""
    model_field = model._meta.get_field(name)
    slow: Convert = functools.partial(_convert, model, name)
    if isinstance(model_field, models.BooleanField):
        return lambda value: value if value is True or value is False else slow(value)
    if isinstance(model_field, models.DateTimeField):
        return lambda value: slow(value) if value is None else _datetime(value, name)
    if isinstance(model_field, models.DateField):
        return lambda value: slow(value) if value is None else _date(value, name)
    if isinstance(model_field, models.TimeField):
        return lambda value: slow(value) if value is None else _time(value, name)
    if isinstance(model_field, models.FloatField):
        return lambda value: value if type(value) is float else slow(value)
    if isinstance(model_field, models.IntegerField):
        return lambda value: value if type(value) is int else slow(value)
    if isinstance(model_field, models.DecimalField):
        return slow
    return lambda value: value if type(value) is str else slow(value)


# How a field's conversion answers a value of its own JSON type at once (`_converter`); the
# record shapes (`Shape`) write that test inline rather than call the conversion.
_SAME_VALUE = {
    "text": "v if type(v) is str else {convert}(v)",
    "boolean": "v if v is True or v is False else {convert}(v)",
    "float": "v if type(v) is float else {convert}(v)",
    "integer": "v if type(v) is int else {convert}(v)",
    "other": "{convert}(v)",
}


def _value_kind(model: type[models.Model], name: str) -> str:
    """Which of `_SAME_VALUE` the field's `_converter` does (in the same order of tests)."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        return "boolean"
    if isinstance(model_field, models.DateField | models.TimeField | models.DecimalField):
        return "other"
    if isinstance(model_field, models.FloatField):
        return "float"
    if isinstance(model_field, models.IntegerField):
        return "integer"
    return "text"


def _convert(model: type[models.Model], name: str, value: Any) -> Any:
    return convert(model, name, value, name)


def _passes(validator: Callable[[Any], Any], value: Any) -> bool:
    """Whether a validator (or a check) lets the value through."""
    try:
        return validator(value) is not False
    except ValidationError:
        return False


def _value_checks(model_field: models.Field[Any, Any]) -> list[Check]:
    """What the field's validators test, as predicates: a length or a range compared at once,
    any other validator (e-mail address, URL, decimal places) asked once per value, because
    values repeat (an organisation's website on each of its services)."""
    checks: list[Check] = []
    low: Any = None
    high: Any = None
    for validator in model_field.validators:
        kind = type(validator)
        limit = getattr(validator, "limit_value", None)
        if kind is validators.MaxLengthValidator and isinstance(limit, int):
            checks.insert(0, _no_longer_than(limit))
        elif kind is validators.MinValueValidator and isinstance(limit, int | float):
            low = limit if low is None else max(low, limit)
        elif kind is validators.MaxValueValidator and isinstance(limit, int | float):
            high = limit if high is None else min(high, limit)
        else:
            checks.append(functools.lru_cache(maxsize=4096)(functools.partial(_passes, validator)))
    if low is not None or high is not None:
        checks.insert(0, _within(low, high))
    return checks


def _no_longer_than(limit: int) -> Check:
    return lambda value: len(value) <= limit


def _within(low: Any, high: Any) -> Check:
    if low is None:
        return lambda value: value <= high
    if high is None:
        return lambda value: value >= low
    return lambda value: low <= value <= high


def _all_of(checks: list[Check]) -> Check | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    return lambda value: all(check(value) for check in checks)


TEXT_FIELDS = (models.CharField, models.TextField)


def _field_check(model_field: models.Field[Any, Any]) -> Check | None:
    """What `clean_fields` decides about this field's value (already of the field's type, as
    converted or as read): valid or not. None when every such value is valid.

    `clean_fields` skips an empty value of a field that may be blank and refuses it otherwise
    (not when the field is not editable); a value that is not empty must be one of the choices
    (of an editable field) and pass every validator. A text value is empty when it is ""; any
    other value (number, date, id) when it is None."""
    blank = model_field.blank or not model_field.editable
    choices = (
        frozenset(key for key, _label in model_field.flatchoices)
        if model_field.choices and model_field.editable
        else None
    )
    passes = _all_of(_value_checks(model_field))
    if isinstance(model_field, models.JSONField):
        # Values parsed from JSON or read from a JSON column always serialise again.
        return None if blank else (lambda value: value not in model_field.empty_values)
    if isinstance(model_field, models.BooleanField) and choices is None and passes is None:
        return None  # True or False (never empty): the conversion lets nothing else through
    if blank and choices is None and passes is None:
        return None
    if isinstance(model_field, TEXT_FIELDS):
        if choices is not None:
            allowed = {choice for choice in choices if choice != "" and (passes or bool)(choice)}
            return frozenset(allowed | ({""} if blank else set())).__contains__
        if passes is None:
            return lambda value: value != ""  # not blank
        if blank:
            return passes if _passes(passes, "") else (lambda value: value == "" or passes(value))
        return lambda value: value != "" and passes(value)
    if choices is None:
        if passes is None:
            return lambda value: value is not None  # not blank
        if blank:
            return lambda value: value is None or passes(value)
        return lambda value: value is not None and passes(value)
    empty = model_field.empty_values

    def check(value: Any) -> bool:
        if value in empty:
            return blank
        return value in choices and (passes is None or passes(value))

    return check


@dataclass
class Table:
    """How the rows of one kind are made: columns in COPY order, HSDS keys, checks."""

    entity: str
    model: type[models.Model]
    columns: tuple[str, ...]  # attnames
    db_columns: str  # their database names, quoted, for COPY
    position: dict[str, int]
    setters: dict[str, tuple[int, Convert]]  # HSDS key → (column, conversion)
    handled: frozenset[str]
    unhandled: tuple[str, ...]  # keys that send the record to the Writer
    checks: tuple[tuple[int, Check], ...]
    defaults: tuple[Any, ...]
    fresh: tuple[tuple[int, Callable[[], Any]], ...]  # callable defaults (a new dict for extra)
    extra: int | None
    uuid_columns: tuple[int, ...]  # ids, held as text (canonical: lower case with dashes)
    json_columns: tuple[int, ...]
    auto_now: tuple[int, ...]
    auto_now_add: tuple[int, ...]
    value_kinds: dict[str, str]  # HSDS key → its `_SAME_VALUE`
    # The records' shapes met so far (`shape`), by their keys in order.
    shapes: dict[tuple[str, ...], "Shape"] = field(default_factory=dict)

    def new_row(self, pk: str) -> Row:
        row = list(self.defaults)
        for index, make in self.fresh:
            row[index] = make()
        row[0] = pk
        return row

    def shape(self, keys: tuple[str, ...]) -> "Shape | None":
        """How a record with these keys (in this order) sets a row; None once `MAX_SHAPES`
        shapes are known (a file of records that all differ is planned key by key)."""
        found = self.shapes.get(keys)
        if found is None and len(self.shapes) < MAX_SHAPES:
            found = self.shapes[keys] = _shape(self, keys)
        return found


# Columns of attributes and metadata that name the record they are nested in (`Child`).
_SET_BY_OWNER = frozenset({"link_id", "link_entity", "resource_id", "resource_type"})
# Shapes per kind of record. Records of an export all have one of a few (a key is left out when
# it has no value); a payload of records that all differ costs a compilation per record at most
# this many times.
MAX_SHAPES = 64


@dataclass(frozen=True)
class Shape:
    """How records with one set of keys, in one order, set their row.

    `fill(row, data)` sets the columns the keys name, converted as the table's setters convert
    them (the common case tested inline), in the order of the keys, and returns the keys no
    column holds and the table does not handle otherwise (for `extra`, in order), or None.

    `new_checks` are the checks of the columns a record of this shape can set on a new row:
    every other column of a new row holds its default, which passes its check or not whatever
    the record, so `new_passes` answered that once. Rows that were stored, or that a record
    names twice, get every check."""

    fill: Callable[[Row, dict[str, Any]], dict[str, Any] | None]
    new_checks: tuple[tuple[int, Check], ...]
    new_passes: bool


def _shape(kind: Table, keys: tuple[str, ...]) -> Shape:
    """The code of `Shape.fill` for these keys: no key of the payload is written into it (they
    are read from the tuple `K`), only positions and the table's own conversions."""
    namespace: dict[str, Any] = {"K": keys}
    lines = ["def fill(row, data):"]
    unknown: list[int] = []
    set_columns: set[int] = set()
    for number, key in enumerate(keys):
        setter = kind.setters.get(key)
        if setter is not None:
            index, conversion = setter
            namespace[f"C{number}"] = conversion
            value = _SAME_VALUE[kind.value_kinds[key]].format(convert=f"C{number}")
            lines += [f"    v = data[K[{number}]]", f"    row[{index}] = {value}"]
            set_columns.add(index)
        elif key not in kind.handled:
            unknown.append(number)
    if unknown:
        pairs = ", ".join(f"K[{number}]: data[K[{number}]]" for number in unknown)
        lines.append(f"    return {{{pairs}}}")
    else:
        lines.append("    return None")
    exec(compile("\n".join(lines), f"<HSDS {kind.entity} shape>", "exec"), namespace)  # noqa: S102
    # Besides the keys' columns, a record sets `extra` (its unknown keys, a district code it
    # forgets) and the links to its owner and the records it names.
    if kind.extra is not None:
        set_columns.add(kind.extra)
    set_columns |= {
        index
        for index, model_field in enumerate(kind.model._meta.concrete_fields)
        if model_field.is_relation or model_field.attname in _SET_BY_OWNER
    }
    defaults = kind.new_row("")
    return Shape(
        fill=namespace["fill"],
        new_checks=tuple((index, check) for index, check in kind.checks if index in set_columns),
        new_passes=all(
            check(defaults[index]) for index, check in kind.checks if index not in set_columns
        ),
    )


def _holds_uuid(model_field: Any) -> bool:
    target = model_field.target_field if model_field.is_relation else model_field
    return isinstance(target, models.UUIDField)


@functools.cache
def table(entity: str) -> Table:
    model = MODELS[entity]
    fields = model._meta.concrete_fields
    if not fields[0].primary_key:
        raise ValueError(f"{model.__name__}: the primary key must be the first column")
    position = {f.attname: index for index, f in enumerate(fields)}
    if entity == "schedule_exception":
        names = {name: name for name in SCHEDULE_EXCEPTION_FIELDS}
    else:
        names = {key: key for key in FIELDS[entity]} | NL_FIELDS.get(entity, {})
    setters = {key: (position[name], _converter(model, name)) for key, name in names.items()}
    checks = []
    defaults: list[Any] = []
    fresh = []
    for index, model_field in enumerate(fields):
        if model_field.primary_key:
            defaults.append(None)  # the record's id
            continue
        check = None if model_field.is_relation else _field_check(model_field)
        if check is not None:
            checks.append((index, check))
        if model_field.has_default() and callable(model_field.default):
            fresh.append((index, model_field.default))  # what get_default calls
            defaults.append(None)
        else:
            defaults.append(model_field.get_default())
    return Table(
        entity=entity,
        model=model,
        columns=tuple(position),
        db_columns=", ".join(connection.ops.quote_name(f.column) for f in fields),
        position=position,
        setters=setters,
        handled=HANDLED_KEYS.get(entity, frozenset(SCHEDULE_EXCEPTION_FIELDS) | {"id"}),
        unhandled=UNHANDLED.get(entity, ()),
        checks=tuple(checks),
        defaults=tuple(defaults),
        fresh=tuple(fresh),
        extra=position.get("extra"),
        uuid_columns=tuple(index for index, f in enumerate(fields) if _holds_uuid(f)),
        json_columns=tuple(
            index for index, f in enumerate(fields) if isinstance(f, models.JSONField)
        ),
        auto_now=tuple(index for index, f in enumerate(fields) if getattr(f, "auto_now", False)),
        auto_now_add=tuple(
            index for index, f in enumerate(fields) if getattr(f, "auto_now_add", False)
        ),
        value_kinds={key: _value_kind(model, name) for key, name in names.items()},
    )


@dataclass(frozen=True)
class Child:
    """A list of nested records: the key, their table and the column linking them to the owner
    (with the owner's kind, for attributes and metadata)."""

    key: str
    table: Table
    link: str
    link_column: int
    kind_column: int | None = None  # link_entity / resource_type


@functools.cache
def children(entity: str) -> tuple[Child, ...]:
    """The lists a record of this kind carries, in the Writer's order: its attributes and
    metadata, then its children, then (services) the exceptions to the opening hours."""
    found: list[Child] = []
    if entity not in ("attribute", "metadata", "schedule_exception"):
        for key, kind, link, owner_kind in (
            ("attributes", "attribute", "link_id", "link_entity"),
            ("metadata", "metadata", "resource_id", "resource_type"),
        ):
            child = table(kind)
            found.append(Child(key, child, link, child.position[link], child.position[owner_kind]))
    link = f"{entity}_id"
    for key, kind in CHILDREN.get(entity, ()):
        found.append(Child(key, table(kind), link, table(kind).position[link]))
    if entity == "service":
        child = table("schedule_exception")
        found.append(Child("nl_schedule_exceptions", child, link, child.position[link]))
    return tuple(found)


def _select(kind: Table, condition: Q) -> list[tuple[Any, ...]]:
    """The rows of a table that meet the condition, in column order, ids as text."""
    rows = kind.model._default_manager.filter(condition).order_by().values_list(*kind.columns)
    if connection.vendor != "postgresql":
        ids = kind.uuid_columns
        return [
            tuple(
                str(value) if index in ids and value is not None else value
                for index, value in enumerate(row)
            )
            for row in rows
        ]
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:
        return []
    connection.ensure_connection()
    # A cursor binding on the server (no quoting of long id lists here) that reads ids as text:
    # no UUID objects to make and hash.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.adapters.register_loader("uuid", TextLoader)
        cursor.adapters.register_loader("jsonb", TextLoader)
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not kind.json_columns:
        return found
    loads = json.loads
    columns = kind.json_columns
    converted = []
    for row in found:
        values = list(row)
        for index in columns:
            text = values[index]
            if text is not None:
                values[index] = {} if text == "{}" else loads(text)
        converted.append(tuple(values))
    return converted


def _pks(rows: Iterable[Any]) -> dict[str, Any]:
    """values_list rows (the id first) by their id as text."""
    return {str(row[0]): row for row in rows}


# --- Planning --------------------------------------------------------------------------------


@dataclass
class Plan:
    """What one record writes: rows per table, stale children, the service's own time."""

    rows: list[tuple[Table, Row]] = field(default_factory=list)
    # (model, link attname, owner id, listed child ids): children no longer listed go.
    replaced: list[tuple[type[models.Model], str, str, set[str]]] = field(default_factory=list)
    modified: dict[str, datetime.datetime] = field(default_factory=dict)
    created: bool = False
    skipped: bool = False  # a placeholder for a confidential location we hold
    # The rows by (model, id): a row the record names twice (a phone of the service and of its
    # contact) is one row, written as the Writer leaves it after both.
    index: dict[tuple[type[models.Model], str], Row] = field(default_factory=dict)


@dataclass
class _Location:
    name: str
    latitude: float | None
    longitude: float | None
    is_confidential: bool


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_REFERRING = frozenset({"service", "location", "service_at_location", "attribute"})


class BatchWriter:
    """Writes the batch; `unsure` lists the records (by position) left to the Writer."""

    def __init__(self, entity: str, records: list[dict[str, Any]]) -> None:
        self.entity = entity
        self.records = records
        self.plans: dict[int, Plan] = {}
        self.unsure: list[int] = []
        self.service_ids: set[str] = set()
        self.changed: dict[str, set[str]] = defaultdict(set)  # see importer.INDEXED_FIELDS
        self.index_texts: list[str] = []  # search_title and search_document of services written
        self._ids: dict[str, str] = {}
        self._rows: dict[type[models.Model], dict[str, tuple[Any, ...]]] = {}
        self._children_of: dict[tuple[type[models.Model], str], dict[str, list[tuple[Any, ...]]]]
        self._children_of = {}
        self._known: dict[type[models.Model], set[str]] = {}
        self._districts: dict[str, int] = {}
        self._organizations: dict[str, str] = {}  # names, for the search index
        self._terms: dict[str, tuple[str, str]] = {}  # (code, name)
        self._locations: dict[str, _Location] = {}
        # Made by `gather`: the rows of all plans per table, the stale children.
        self._written: dict[type[models.Model], dict[str, tuple[Table, Row]]] = {}
        self._stale: dict[tuple[type[models.Model], str], list[tuple[Any, ...]]] = {}
        # What the batch read: rows by id (found or not) and lists of children by owner. The
        # next batch is planned while this one is written; see `touched`.
        self.asked: set[Key] = set()

    def _id(self, value: Any) -> str:
        """An id as text, in the form the database writes it (lower case, with dashes)."""
        found = self._ids.get(value) if type(value) is str else None
        if found is not None:
            return found
        if type(value) is not str:
            raise Unsure
        if _CANONICAL_UUID.match(value):
            found = value
        else:
            try:
                found = str(uuid.UUID(value))
            except ValueError as error:
                raise Unsure from error
        self._ids[value] = found
        return found

    # Reading, one query per table

    def read(self) -> None:
        with _through_indexes():
            self._read()

    def _read(self) -> None:
        ids: dict[type[models.Model], set[str]] = defaultdict(set)
        owners: dict[tuple[type[models.Model], str], set[str]] = defaultdict(set)
        references: dict[type[models.Model], set[str]] = defaultdict(set)
        codes: set[str] = set()
        top = table(self.entity)
        for position, data in enumerate(self.records):
            try:
                self._collect(top, data, ids, owners, references)
                if self.entity == "location" and data.get("nl_district"):
                    codes.add(data["nl_district"])
            except (Unsure, KeyError, TypeError, AttributeError):
                self.unsure.append(position)
        self.asked |= {(model, pk) for model, pks in ids.items() for pk in pks}
        self.asked |= {(model, link, pk) for (model, link), pks in owners.items() for pk in pks}
        wanted = {*ids, *(model for model, _link in owners)}
        for model in [model for model in MODELS.values() if model in wanted]:  # owners first
            kind = table(_ENTITY_OF_MODEL[model])
            condition = one_of("pk", ids.get(model, set()))
            links = [(link, pks) for (m, link), pks in owners.items() if m is model]
            for link, pks in links:
                # A foreign key can only point at a stored row: a new owner has no children yet.
                owner = OWNERS.get(link)
                stored = pks if owner is None else pks & self._rows.get(owner, {}).keys()
                if stored:
                    condition |= one_of(link, stored)
            rows = _select(kind, condition)
            self._rows[model] = {row[0]: row for row in rows}
            for link, _pks in links:
                column = kind.position[link]
                grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
                for row in rows:
                    owner = row[column]
                    if owner is not None:
                        grouped[owner].append(row)
                self._children_of[(model, link)] = grouped
        if self.entity == "service":  # what the index needs besides the records
            references[Organization] |= self._columns_of(Service, "organization_id")
            references[TaxonomyTerm] |= self._columns_of(Attribute, "taxonomy_term_id")
            references[Location] |= self._columns_of(ServiceAtLocation, "location_id")
        self._read_references(references)
        for model in references:
            self._known[model] = self._found(model) | set(self._rows.get(model, {}))
        if codes:
            self._districts = dict(
                District.objects.filter(code__in=codes).values_list("code", "pk")
            )

    def _columns_of(self, model: type[models.Model], name: str) -> set[str]:
        column = table(_ENTITY_OF_MODEL[model]).position[name]
        return {row[column] for row in self._rows.get(model, {}).values()} - {None}

    def _read_references(self, references: dict[type[models.Model], set[str]]) -> None:
        """The records referred to by id: their names, codes and positions where the search
        index needs them, only that they exist otherwise."""
        for model, pks in references.items():
            pks = pks - self._found(model)
            if not pks:
                continue
            self.asked |= {(model, pk) for pk in pks}
            found = model._default_manager.filter(one_of("pk", pks)).order_by()
            if model is Organization:
                self._organizations |= {
                    pk: name for pk, (_pk, name) in _pks(found.values_list("pk", "name")).items()
                }
            elif model is TaxonomyTerm:
                for pk, (_pk, *term) in _pks(found.values_list("pk", "code", "name")).items():
                    self._terms[pk] = (term[0], term[1])
            elif model is Location:
                columns = ("pk", "name", "latitude", "longitude", "is_confidential")
                for pk, (_pk, *values) in _pks(found.values_list(*columns)).items():
                    self._locations[pk] = _Location(*values)
            else:
                raise ValueError(f"no reference to {model.__name__} is read")

    def _found(self, model: type[models.Model]) -> set[str]:
        """The ids of this kind read by `_read_references`."""
        if model is Organization:
            return set(self._organizations)
        if model is TaxonomyTerm:
            return set(self._terms)
        if model is Location:
            return set(self._locations)
        return set()

    def _collect(
        self,
        kind: Table,
        data: dict[str, Any],
        ids: dict[type[models.Model], set[str]],
        owners: dict[tuple[type[models.Model], str], set[str]],
        references: dict[type[models.Model], set[str]],
    ) -> None:
        for key in kind.unhandled:
            if key in data:
                raise Unsure
        entity = kind.entity
        pk = self._id(data["id"])
        ids[kind.model].add(pk)
        for child in children(entity):
            if child.key in data:
                owners[(child.table.model, child.link)].add(pk)
                for item in data[child.key]:
                    self._collect(child.table, item, ids, owners, references)
        if entity == "service":
            for model, index_link in INDEX_CHILDREN:
                owners[(model, index_link)].add(pk)
        elif entity == "service_at_location":
            if "location_id" in data:
                references[Location].add(self._id(data["location_id"]))
            return
        elif entity == "attribute":
            if "taxonomy_term_id" in data:
                references[TaxonomyTerm].add(self._id(data["taxonomy_term_id"]))
            return
        if entity in ("service", "location") and "organization_id" in data:
            references[Organization].add(self._id(data["organization_id"]))

    # Planning, in Python

    def plan(self) -> None:
        unsure = set(self.unsure)
        top = table(self.entity)
        stored = self._rows.get(top.model, {})
        for position, data in enumerate(self.records):
            if position in unsure:
                continue
            plan = Plan()
            try:
                plan.created = self._id(data["id"]) not in stored
                self._node(plan, top, data, ())
            except (Unsure, RecordInvalid, ValueError, TypeError, KeyError, AttributeError):
                self.unsure.append(position)
                continue
            self.plans[position] = plan

    def _node(
        self, plan: Plan, kind: Table, data: dict[str, Any], links: tuple[tuple[int, Any], ...]
    ) -> str:
        """Plan one record and what it holds; return its id."""
        model = kind.model
        entity = kind.entity
        raw = data["id"]
        pk = self._ids.get(raw) if type(raw) is str else None
        if pk is None:
            pk = self._id(raw)
        row = plan.index.get((model, pk))
        again = row is not None
        created = False
        if row is None:
            stored = self._rows.get(model, {}).get(pk)
            created = stored is None
            # A copy: a record that fails half-way must not leave its changes for another one.
            row = kind.new_row(pk) if stored is None else list(stored)
        confidential = (
            not created and entity == "location" and row[kind.position["is_confidential"]]
        )
        if confidential and _is_placeholder(data):
            plan.skipped = True
            return pk
        shape = kind.shape(tuple(data))
        checks = kind.checks
        unknown: dict[str, Any] | None
        if shape is not None:
            unknown = shape.fill(row, data)
            if created and shape.new_passes:
                checks = shape.new_checks
        else:
            unknown = _fill(kind, row, data)
        extra = kind.extra
        if unknown and extra is not None:
            row[extra] = {**row[extra], **unknown}
        for index, value in links:
            row[index] = value
        if entity in _REFERRING:
            for index, value in self._references(kind, data, created):
                row[index] = value
            if entity == "location" and "nl_district" in data:
                # Resolved (or cleared): no longer kept as text. An unknown code went to the
                # Writer.
                _forget(row, extra, "nl_district")
        for index, check in checks:
            if not check(row[index]):
                raise Unsure
        if not again:
            plan.rows.append((kind, row))
            plan.index[(model, pk)] = row
        if entity == "service" and "last_modified" in data:
            plan.modified[pk] = _datetime(data["last_modified"], "last_modified")
        for child in children(entity):
            if child.key not in data:
                continue
            items = data[child.key]
            owner: tuple[tuple[int, str], ...] = ((child.link_column, pk),)
            if child.kind_column is not None:
                owner = ((child.link_column, pk), (child.kind_column, entity))
            listed = {self._node(plan, child.table, item, owner) for item in items}
            plan.replaced.append((child.table.model, child.link, pk, listed))
        return pk

    def _references(
        self, kind: Table, data: dict[str, Any], created: bool
    ) -> list[tuple[int, Any]]:
        """The links a record names by id, when they are known; Unsure otherwise (the Writer
        then says what is wrong)."""
        entity = kind.entity
        position = kind.position
        links: list[tuple[int, Any]] = []
        if entity in ("service", "location") and "organization_id" in data:
            pk = self._known_id(Organization, data["organization_id"])
            links.append((position["organization_id"], pk))
        elif entity == "service" and created:
            raise Unsure
        if entity == "location" and "nl_district" in data:
            code = data["nl_district"]
            district = self._districts.get(code) if code else None
            if code and district is None:
                raise Unsure
            links.append((position["district_id"], district))
        if entity == "service_at_location":
            if "location_id" in data:
                pk = self._known_id(Location, data["location_id"])
                links.append((position["location_id"], pk))
            elif created:
                raise Unsure
        if entity == "attribute":
            if "taxonomy_term_id" in data:
                pk = self._known_id(TaxonomyTerm, data["taxonomy_term_id"])
                links.append((position["taxonomy_term_id"], pk))
            elif created:
                raise Unsure
        return links

    def _known_id(self, model: type[models.Model], value: Any) -> str:
        pk = self._id(value)
        if pk not in self._known.get(model, set()):
            raise Unsure
        return pk

    # Gathering the batch

    def gather(self) -> None:
        """All rows of the batch per table, and the children no longer listed. Raises Conflict
        when two records write the same row, or a row leaves one record for another."""
        written: dict[type[models.Model], dict[str, tuple[Table, Row]]] = defaultdict(dict)
        plans = [plan for plan in self.plans.values() if not plan.skipped]
        for plan in plans:
            for kind, row in plan.rows:
                rows = written[kind.model]
                if row[0] in rows:
                    raise Conflict  # two records of the batch write the same row
                rows[row[0]] = (kind, row)
        stale: dict[tuple[type[models.Model], str], list[tuple[Any, ...]]] = defaultdict(list)
        by_user = table("metadata").position["updated_by_user_id"]
        for plan in plans:
            for model, link, owner, listed in plan.replaced:
                for child in self._children_of.get((model, link), {}).get(owner, []):
                    if child[0] not in listed:
                        if child[0] in written.get(model, {}):
                            raise Conflict  # moves from one record of the batch to another
                        if model is not Metadata or child[by_user] is None:
                            stale[(model, link)].append(child)
        self._written = written
        self._stale = stale

    def touched(self) -> set[Key]:
        """What writing the batch changes, as `asked` names what a batch read: the rows written,
        deleted or unlinked, and the lists of children each of them joins or leaves (through
        any of its ids, as stored and as written)."""
        keys: set[Key] = set()
        for model, written in self._written.items():
            stored = self._rows.get(model, {})
            keys.update((model, pk) for pk in written)
            for index, link in _list_links(model):
                keys.update((model, link, row[index]) for _kind, row in written.values())
                keys.update((model, link, stored[pk][index]) for pk in written if pk in stored)
        for (model, _link), children in self._stale.items():
            keys.update((model, child[0]) for child in children)
            for index, link in _list_links(model):
                keys.update((model, link, child[index]) for child in children)
        return keys

    @property
    def deletes(self) -> bool:
        """Whether writing the batch deletes rows: a deletion cascades to rows `touched` does not
        name, so the next batch is read only after this one is written."""
        return any(self._stale.values())

    # The search index of the services, from the rows

    def index(self) -> None:
        """Set the search columns of every service written, as `indexing.reindex` would after
        the batch: from the rows as they will be, and the stored children they keep."""
        services = self._written.get(Service, {})
        if not services:
            return
        final = {model: self._final_children(model, link) for model, link in INDEX_CHILDREN}
        self._read_missing(final)
        column = table("service").position
        attribute = table("attribute").position
        term_of, entity_of = attribute["taxonomy_term_id"], attribute["link_entity"]
        area_code = table("service_area").position["cbs_code"]
        location_of = table("service_at_location").position["location_id"]
        texts = [
            column[name]
            for name in ("name", "alternate_name", "description", "eligibility_description")
        ]
        organization_of = column["organization_id"]
        places: dict[str, list[str]] = {}
        for pk, (_kind, row) in services.items():
            terms = [
                self._terms[attr[term_of]]
                for attr in final[Attribute].get(pk, ())
                if attr[entity_of] == "service"
            ]
            areas = [area[area_code] for area in final[ServiceArea].get(pk, ())]
            title, document = indexing.document_of(
                (*(row[index] for index in texts), self._organizations[row[organization_of]]),
                terms,
                areas,
            )
            row[column["search_title"]], row[column["search_document"]] = title, document
            row[column["facet_mask"]] = indexing.facet_mask_of(code for code, _name in terms)
            places[pk] = [
                sal[location_of]
                for sal in final[ServiceAtLocation].get(pk, ())
                if _is_public(self._locations[sal[location_of]])
            ]
            self.index_texts += (title, document)
        first = self._first_by_name(places)
        for pk, (_kind, row) in services.items():
            location = self._locations[first[pk]] if pk in first else None
            position = (location.latitude, location.longitude) if location else (None, None)
            row[column["search_latitude"]], row[column["search_longitude"]] = position

    def _final_children(
        self, model: type[models.Model], link: str
    ) -> dict[str, list[Sequence[Any]]]:
        """The rows linked to each service of the batch once the batch is written: the stored
        ones the batch leaves where they are, and the batch's own."""
        written = self._written.get(model, {})
        gone = {row[0] for row in self._stale.get((model, link), [])}
        column = table(_ENTITY_OF_MODEL[model]).position[link]
        result: dict[str, list[Sequence[Any]]] = defaultdict(list)
        for owner, stored in self._children_of.get((model, link), {}).items():
            for child in stored:
                if child[0] not in written and child[0] not in gone:
                    result[owner].append(child)
        for _kind, row in written.values():
            if row[column] is not None:
                result[row[column]].append(row)
        return result

    def _read_missing(self, final: dict[type[models.Model], dict[str, list[Any]]]) -> None:
        """Names, terms and locations of stored rows the records did not name (read already
        otherwise)."""
        references: dict[type[models.Model], set[str]] = defaultdict(set)
        column = table("service").position["organization_id"]
        for _kind, row in self._written.get(Service, {}).values():
            references[Organization].add(row[column])
        term = table("attribute").position["taxonomy_term_id"]
        for rows in final[Attribute].values():
            references[TaxonomyTerm] |= {row[term] for row in rows}
        location = table("service_at_location").position["location_id"]
        for rows in final[ServiceAtLocation].values():
            references[Location] |= {row[location] for row in rows}
        self._read_references(references)

    def _first_by_name(self, places: dict[str, list[str]]) -> dict[str, str]:
        """The first public location of each service by name, then id, as `public_positions`
        orders them: in the database's collation, asked only when a service has two or more."""
        first: dict[str, str] = {}
        several: set[str] = set()
        for pk, locations in places.items():
            if len(set(locations)) > 1:
                several.update(locations)
            elif locations:
                first[pk] = locations[0]
        if several:
            found = Location.objects.filter(one_of("pk", several)).order_by("name", "pk")
            rank = {str(pk): number for number, pk in enumerate(found.values_list("pk", flat=True))}
            for pk, locations in places.items():
                if len(set(locations)) > 1:
                    first[pk] = min(locations, key=rank.__getitem__)
        return first

    # Writing, one statement per table

    def store(self) -> None:
        for (model, link), rows in self._stale.items():
            _drop(model, link, rows)
        now = timezone.now()
        modified = {
            pk: value
            for plan in self.plans.values()
            if not plan.skipped
            for pk, value in plan.modified.items()
        }
        for model in MODELS.values():
            written = self._written.get(model)
            if not written:
                continue
            kind = table(_ENTITY_OF_MODEL[model])
            stored = self._rows.get(model, {})
            new: list[Row] = []
            old: list[Row] = []
            for pk, (_kind, row) in written.items():
                for index in kind.auto_now:
                    row[index] = now
                if pk in stored:
                    old.append(row)
                else:
                    for index in kind.auto_now_add:
                        row[index] = now
                    new.append(row)
            if model is Service:
                updated_at = kind.position["updated_at"]
                for row in new + old:
                    row[updated_at] = modified.get(row[0], now)
            # A stored row the record leaves as it was is not written again.
            old = [row for row in old if tuple(row) != stored[row[0]]]
            watched = [kind.position[name] for name in INDEXED_FIELDS.get(kind.entity, ())]
            for row in old if watched else ():
                if any(row[index] != stored[row[0]][index] for index in watched):
                    self.changed[kind.entity].add(row[0])
            _write(kind, new, old)
            if model is Service and connection.vendor != "postgresql":
                # bulk_create stamped `auto_now` over the records' own times: set them again.
                times = [
                    Service(pk=row[0], updated_at=modified[row[0]])
                    for row in new + old
                    if row[0] in modified
                ]
                Service.objects.bulk_update(times, ["updated_at"], batch_size=500)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # deferred foreign keys: fail inside the batch
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.service_ids = set(self._written.get(Service, {}))


@contextlib.contextmanager
def _through_indexes() -> Iterator[None]:
    """The batch's reads look rows up by lists of ids, through their indexes. Left to its cost
    estimates (a "random" page read at four times a sequential one), PostgreSQL reads a whole
    table of 300,000 rows (27 ms) rather than probe two indexes for 1,000 ids each (2 ms); told
    not to scan whole tables, it probes (every column these reads filter on has an index)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")
        except DatabaseError:  # a failed transaction: its rollback undoes the SET as well
            logger.debug("RESET enable_seqscan failed", exc_info=True)


def _fill(kind: Table, row: Row, data: dict[str, Any]) -> dict[str, Any] | None:
    """`Shape.fill` key by key, for a record whose shape is not compiled."""
    setters = kind.setters
    handled = kind.handled
    unknown: dict[str, Any] | None = None
    for key, value in data.items():
        setter = setters.get(key)
        if setter is not None:
            row[setter[0]] = setter[1](value)
        elif key not in handled:
            if unknown is None:
                unknown = {}
            unknown[key] = value
    return unknown


def _forget(row: Row, extra: int | None, key: str) -> None:
    """Take a key out of the row's `extra` (a new dict: the row as read stays as it was)."""
    if extra is not None and key in row[extra]:
        row[extra] = {name: value for name, value in row[extra].items() if name != key}


@functools.cache
def _list_links(model: type[models.Model]) -> tuple[tuple[int, str], ...]:
    """The columns through which a batch reads rows of this table as lists of children (the
    children of each kind, the rows the search index is made of): (position, attname)."""
    links = {
        child.link for entity in MODELS for child in children(entity) if child.table.model is model
    }
    links |= {link for index_model, link in INDEX_CHILDREN if index_model is model}
    position = table(_ENTITY_OF_MODEL[model]).position
    return tuple((position[link], link) for link in sorted(links))


def _is_public(location: _Location) -> bool:
    return (
        not location.is_confidential
        and location.latitude is not None
        and location.longitude is not None
    )


_ENTITY_OF_MODEL = {model: entity for entity, model in MODELS.items()}


def _drop(model: type[models.Model], link: str, rows: list[tuple[Any, ...]]) -> None:
    """As the Writer's `_drop_stale`: delete, or only unlink the rows others still hold."""
    name = link.removesuffix("_id")
    position = table(_ENTITY_OF_MODEL[model]).position
    others = [position[f"{other}_id"] for other in SHARED_LINKS.get(model, ()) if other != name]
    held = [row[0] for row in rows if any(row[column] for column in others)]
    if held:
        model._default_manager.filter(one_of("pk", held)).update(**{link: None})
    kept = set(held)
    gone = [row[0] for row in rows if row[0] not in kept]
    if gone:
        model._default_manager.filter(one_of("pk", gone)).delete()


def _write(kind: Table, new: list[Row], old: list[Row]) -> None:
    """New rows and stored rows (every column but `KEPT` replaced) of one table."""
    if connection.vendor != "postgresql":
        objects = [kind.model(*row) for row in new + old]
        update = [f.name for f in kind.model._meta.concrete_fields if f.attname not in KEPT]
        kind.model._default_manager.bulk_create(
            objects,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=update,
        )
        return
    quote = connection.ops.quote_name
    names = kind.db_columns
    target = quote(kind.model._meta.db_table)
    with connection.cursor() as cursor:
        if new:  # straight into the table: a row that appeared meanwhile fails the batch
            _copy(cursor, target, names, kind, new)
        if old:
            staging = quote(f"hsds_staging_{kind.model._meta.db_table}")
            updates = ", ".join(
                f"{column} = EXCLUDED.{column}"
                for column in (
                    quote(f.column)
                    for f in kind.model._meta.concrete_fields
                    if f.attname not in KEPT
                )
            )
            cursor.execute(f"DROP TABLE IF EXISTS {staging}")
            cursor.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {target})")
            _copy(cursor, staging, names, kind, old)
            cursor.execute(  # names from the models, not from the payload
                f"INSERT INTO {target} ({names}) SELECT {names} FROM {staging}"  # noqa: S608
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
            )
            cursor.execute(f"DROP TABLE {staging}")


def _copy(cursor: Any, target: str, names: str, kind: Table, rows: Iterable[Row]) -> None:
    """COPY the rows; JSON columns as their text, as the JSONField writes them."""
    dumps = json.dumps
    json_columns = kind.json_columns
    with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
        for row in rows:
            for index in json_columns:
                value = row[index]
                if value is not None:
                    row[index] = "{}" if type(value) is dict and not value else dumps(value)
            copy.write_row(row)


def write_batch(entity: str, records: list[dict[str, Any]]) -> BatchWriter:
    """Write these valid records of one kind; return the writer (created/updated per position,
    services written, the positions left to the Writer in `unsure`). Raises Conflict, or a
    database error, with nothing written."""
    writer = prepare_batch(entity, records)
    store_batch(writer)
    return writer


def prepare_batch(entity: str, records: list[dict[str, Any]]) -> BatchWriter:
    """Read and plan the batch, writing nothing; `store_batch` writes it. Raises Conflict."""
    writer = BatchWriter(entity, records)
    writer.read()
    writer.plan()
    writer.gather()
    writer.index()
    writer.unsure.sort()
    return writer


def store_batch(writer: BatchWriter) -> None:
    """Write a prepared batch in one transaction (on the connection of the calling thread)."""
    with transaction.atomic():
        writer.store()


SWITCH_INTERVAL = 0.0005  # seconds, while a StoreThread runs


class StoreThread:
    """One thread that writes prepared batches, with its own database connection (closed when it
    ends), while the importer reads and plans the next one. `submit` returns a future: what the
    work returns, or the exception it raised, for the thread that waits for it."""

    def __init__(self) -> None:
        self.tasks: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None]
        self.tasks = queue.SimpleQueue()
        # The importer's thread runs Python without pause; this one waits for the database
        # some 45 times a batch (COPY sends its rows in pieces of 32 KiB), and each time then
        # waited up to the interpreter's switch interval (5 ms) to run again. While it runs,
        # that interval is shorter: the importer waited 0.6 s rather than 0.95 s for it over
        # 20,000 services.
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self.switch_interval, SWITCH_INTERVAL))
        self.thread = threading.Thread(target=self._run, name="hsds-store", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (task := self.tasks.get()) is not None:
                future, work = task
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(work())
                except BaseException as error:  # handed to the thread that waits for it
                    future.set_exception(error)
        finally:
            connection.close()

    def submit(self, work: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        self.tasks.put((future, work))
        return future

    def close(self) -> None:
        self.tasks.put(None)
        self.thread.join()
        sys.setswitchinterval(self.switch_interval)
