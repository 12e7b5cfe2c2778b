"""The export file (`export_hsds`), at national scale.

The file holds the same records as the API's (`serialize`), under the same privacy rule, byte for
byte what `serialize.export_sections` would give (a test holds the two together). Only the making
differs, because at 300,000 services per-row Python is what costs:

- a chunk of records costs one query per table (and relation), read as plain tuples
  (`values_list`; on PostgreSQL straight from a cursor that binds parameters on the server) in
  id order, never as model instances. The children of a chunk are found by the range of its ids
  (`_Span`), grandchildren by a list of ids sent as one text;
- every kind of record has its own builder, generated once from `serialize.FIELDS` and the
  model's field types (`_Table`): a text column is set when it is not empty, a number or boolean
  when it is not NULL, anything else goes through `serialize.put` as before. The builder does the
  same dictionary operations in the same order as `serialize._record`, `_extra` and `_nl`, so key
  order and formatting are the same;
- attributes and metadata of everything written in a chunk are read in two queries at its end
  (as `serialize.Batch` does) and added as the last keys of each record;
- on PostgreSQL, outside a transaction, two threads make chunks, so that the database works on
  one while Python builds another.

Only a few chunks are in memory at a time.
"""

import functools
import json
import queue
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import Model, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from directory.hsds import serialize
from directory.hsds.serialize import (
    CONFIDENTIAL_NAME,
    FIELDS,
    NL_FIELDS,
    REQUIRED_TEXT,
    SCHEDULE_EXCEPTION_FIELDS,
    Writable,
)
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
from directory.vocabulary import PROFILE_URI

Record = dict[str, Any]
Rows = list[Sequence[Any]]
# A step of a builder: ("put", key, column) as `serialize.put`; ("required", key, column): put,
# or "" when left out (REQUIRED_TEXT); ("set", key, column): the value as it is; ("str", key,
# column): its text; ("extra",): the keys of `extra` not yet set, as `serialize._extra`.
Step = tuple[str, ...]


def _kind(model: type[Model], column: str) -> str:
    """How `serialize.put` treats the values of this column: "id" (a UUID, written as its text),
    "text" (written unless empty), "number" (bool, int or float: written unless NULL) or "other"
    (dates, decimals: through `put` itself)."""
    field = model._meta.get_field(column)
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.UUIDField):
        return "id"
    if isinstance(field, models.CharField | models.TextField):
        return "text"
    if isinstance(field, models.BooleanField | models.IntegerField | models.FloatField):
        return "number"
    return "other"


class _Table:
    """How the rows of one model are read (`columns`: the id, every foreign key, the columns of
    the steps and `extra` last) and made into records (`build`, one row tuple → a dict)."""

    def __init__(self, model: type[Model], steps: list[Step], also: Sequence[str] = ()) -> None:
        self.model = model
        links = [f.attname for f in model._meta.concrete_fields if f.is_relation]
        columns = ["id", *links, *also]
        for step in steps:
            if len(step) == 3 and step[2] not in columns:
                columns.append(step[2])
        self.has_extra = ("extra",) in steps
        if self.has_extra:
            columns.append("extra")
        self.columns = columns
        self.at = {name: index for index, name in enumerate(columns)}
        self.build = self._compile(steps)

    def _compile(self, steps: list[Step]) -> Callable[[Sequence[Any]], Record]:
        code = ["def build(r):", "    d = {'id': str(r[0])}"]
        for step in steps:
            if step == ("extra",):
                code += [
                    f"    x = r[{self.at['extra']}]",
                    "    if x != '{}':",
                    "        for k, v in loads(x).items():",
                    "            if k not in d:",
                    "                d[k] = v",
                ]
                continue
            operation, key, column = step
            value, name = f"r[{self.at[column]}]", repr(key)
            if operation in ("set", "str"):
                code.append(f"    d[{name}] = {value if operation == 'set' else f'str({value})'}")
                continue
            kind = _kind(self.model, column)
            if kind == "text":
                code += [f"    v = {value}", "    if v:", f"        d[{name}] = v"]
            elif kind == "id":
                code += [f"    v = {value}", "    if v:", f"        d[{name}] = str(v)"]
            elif kind == "number":
                code += [f"    v = {value}", "    if v is not None:", f"        d[{name}] = v"]
            else:
                code.append(f"    put(d, {name}, {value})")
            if operation == "required":
                code += [f"    if {name} not in d:", f"        d[{name}] = ''"]
        code.append("    return d")
        namespace: dict[str, Any] = {"put": serialize.put, "loads": json.loads}
        exec("\n".join(code), namespace)  # noqa: S102 (our own code, made from FIELDS above)
        build: Callable[[Sequence[Any]], Record] = namespace["build"]
        return build


def _steps(
    entity: str,
    ids: Sequence[tuple[str, str]] = (),
    *,
    after: Sequence[Step] = (),
    extra: bool = True,
    nl: bool = True,
) -> list[Step]:
    """The steps of `serialize._record(obj, entity, **ids)`, then `after`, `_extra`, `_nl`."""
    required = REQUIRED_TEXT.get(entity, ())
    steps: list[Step] = [("put", key, column) for key, column in ids]
    steps += [("required" if name in required else "put", name, name) for name in FIELDS[entity]]
    steps += after
    if extra:
        steps.append(("extra",))
    if nl:
        steps += [("put", key, column) for key, column in NL_FIELDS.get(entity, {}).items()]
    return steps


TAXONOMY = _Table(Taxonomy, _steps("taxonomy"))
TAXONOMY_TERM = _Table(
    TaxonomyTerm,
    _steps(
        "taxonomy_term", (("parent_id", "parent_id"), ("taxonomy_id", "taxonomy_ref_id")), nl=False
    ),
)
ORGANIZATION = _Table(
    Organization, _steps("organization", (("parent_organization_id", "parent_organization_id"),))
)
# nl_district (the district's code) is written by `_locations`.
LOCATION = _Table(
    Location, _steps("location", (("organization_id", "organization_id"),)), ("district__code",)
)
SERVICE = _Table(
    Service,
    _steps(
        "service",
        (("organization_id", "organization_id"),),
        after=(("put", "last_modified", "updated_at"),),
    ),
)
SERVICE_AT_LOCATION = _Table(
    ServiceAtLocation,
    [
        ("str", "service_id", "service_id"),
        ("str", "location_id", "location_id"),
        ("put", "description", "description"),
        ("extra",),
    ],
)
ADDRESS = _Table(Address, _steps("address"))
CONTACT = _Table(Contact, _steps("contact"))
PHONE = _Table(Phone, _steps("phone"))
SCHEDULE = _Table(Schedule, _steps("schedule"))
SERVICE_AREA = _Table(ServiceArea, _steps("service_area"))
COST_OPTION = _Table(CostOption, _steps("cost_option"))
LANGUAGE = _Table(Language, _steps("language"))
ACCESSIBILITY = _Table(Accessibility, _steps("accessibility"))
SCHEDULE_EXCEPTION = _Table(
    ScheduleException, [("put", name, name) for name in SCHEDULE_EXCEPTION_FIELDS]
)
ATTRIBUTE = _Table(
    Attribute,
    _steps(
        "attribute",
        (
            ("link_id", "link_id"),
            ("link_entity", "link_entity"),
            ("taxonomy_term_id", "taxonomy_term_id"),
        ),
        nl=False,
    ),
)
# Both values are required by HSDS, also when empty (`serialize.metadata_entry`).
METADATA = _Table(
    Metadata,
    _steps(
        "metadata",
        (("resource_id", "resource_id"), ("resource_type", "resource_type")),
        after=(
            ("set", "previous_value", "previous_value"),
            ("set", "replacement_value", "replacement_value"),
        ),
        nl=False,
    ),
)


# --- Reading ---------------------------------------------------------------------------------


def _one_of(field: str, ids: list[Any]) -> Q:
    """`field IN (ids)` for thousands of ids. On PostgreSQL one parameter, the ids as one text
    split by the server: psycopg adapting each UUID of a list took longer than the query, and
    the server parses a `uuid[]` of thousands several times slower than `string_to_table`."""
    if connection.vendor == "postgresql":
        text = ",".join(map(str, ids))  # str() of a text id is the id itself
        return Q(**{f"{field}__in": RawSQL("SELECT string_to_table(%s, ',')::uuid", (text,))})
    return Q(**{f"{field}__in": ids})


class _Span:
    """All rows of a chunk (`_chunks`: every row between the first id and the last) as parents:
    their children are those whose link lies between the two ids, an index range scan instead of
    a list of thousands of ids."""

    def __init__(self, rows: Rows) -> None:
        self.first, self.last = rows[0][0], rows[-1][0]


# The parents whose children are read: ids, or a whole chunk.
Parents = list[Any] | _Span


def _linked(link: str, parents: Parents) -> Q:
    if isinstance(parents, _Span):
        return Q(**{f"{link}__gte": parents.first, f"{link}__lte": parents.last})
    return _one_of(link, parents)


def _read(query: QuerySet[Any], table: _Table) -> Rows:
    """The rows of the query as tuples in `table.columns` order. `extra` is read as its text (and
    parsed only when it is not `{}`, by the builder). On PostgreSQL, where none of these columns
    needs a converter, the rows come straight from the cursor."""
    names = [name for name in table.columns if name != "extra"]
    if table.has_extra:
        query = query.annotate(hsds_extra=Cast("extra", TextField()))
        names.append("hsds_extra")
    query = query.values_list(*names)
    if connection.vendor == "postgresql":
        compiler = query.query.get_compiler(using=query.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return []
        if not compiler.get_converters([column for column, _, _ in compiler.select]):
            import psycopg  # a cursor binding on the server: no quoting of long id lists here

            with psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
    return list(query)


def _by(rows: Rows, index: int) -> dict[Any, Rows]:
    grouped: dict[Any, Rows] = defaultdict(list)
    for row in rows:
        grouped[row[index]].append(row)
    return grouped


class _Chunk:
    """The records of one chunk and what they still wait for: their attributes and metadata
    (`finish`), as `serialize.Batch`."""

    def __init__(self, confidential: frozenset[Any]) -> None:
        self.confidential = confidential
        self.tracked: dict[Any, list[Record]] = defaultdict(list)

    def rows(self, table: _Table, link: str, ids: Parents, *, public: bool = False) -> Rows:
        """The rows whose `link` is one of `ids`, in id order; with `public`, without those of a
        confidential location (`serialize.Batch.public`)."""
        query = table.model._default_manager.filter(_linked(link, ids)).order_by("id")
        rows = _read(query, table)
        if public and self.confidential:
            at = table.at["location_id"]
            confidential = self.confidential
            rows = [row for row in rows if row[at] not in confidential]
        return rows

    def records(self, table: _Table, link: str, ids: Parents) -> dict[Any, list[Record]]:
        """The records of `serialize._simple` below each of `ids`."""
        grouped: dict[Any, list[Record]] = defaultdict(list)
        at, build, track = table.at[link], table.build, self.tracked
        for row in self.rows(table, link, ids):
            data = build(row)
            track[row[0]].append(data)
            grouped[row[at]].append(data)
        return grouped

    def phones(self, link: str, ids: Parents) -> dict[Any, list[Record]]:
        rows = self.rows(PHONE, link, ids, public=True)
        languages = self.records(LANGUAGE, "phone_id", [row[0] for row in rows])
        grouped: dict[Any, list[Record]] = defaultdict(list)
        at, build, track = PHONE.at[link], PHONE.build, self.tracked
        for row in rows:
            data = build(row)
            track[row[0]].append(data)
            if found := languages.get(row[0]):
                data["languages"] = found
            grouped[row[at]].append(data)
        return grouped

    def contacts(self, link: str, ids: Parents) -> dict[Any, list[Record]]:
        rows = self.rows(CONTACT, link, ids, public=True)
        phones = self.phones("contact_id", [row[0] for row in rows])
        grouped: dict[Any, list[Record]] = defaultdict(list)
        at, build, track = CONTACT.at[link], CONTACT.build, self.tracked
        for row in rows:
            data = build(row)
            track[row[0]].append(data)
            if found := phones.get(row[0]):
                data["phones"] = found
            grouped[row[at]].append(data)
        return grouped

    def finish(self) -> None:
        """Give every record of the chunk its attributes and metadata (`serialize.Batch.finish`):
        two queries."""
        ids = list(self.tracked)
        if not ids:
            return
        query = Attribute.objects.filter(_one_of("link_id", ids)).order_by("id")
        attributes: dict[Any, list[Record]] = defaultdict(list)
        at, build = ATTRIBUTE.at["link_id"], ATTRIBUTE.build
        for row in _read(query, ATTRIBUTE):
            attributes[row[at]].append(build(row))
        rows = _read(Metadata.objects.filter(_one_of("resource_id", ids)), METADATA)
        when = METADATA.at["last_action_date"]
        rows.sort(key=lambda row: (row[when], row[0]))
        metadata: dict[Any, list[Record]] = defaultdict(list)
        at, build = METADATA.at["resource_id"], METADATA.build
        for row in rows:
            metadata[row[at]].append(build(row))
        for obj_id, waiting in self.tracked.items():
            found_attributes = attributes.get(obj_id)
            found_metadata = metadata.get(obj_id)
            if found_attributes or found_metadata:
                for data in waiting:
                    if found_attributes:
                        data["attributes"] = found_attributes
                    if found_metadata:
                        data["metadata"] = found_metadata
        self.tracked.clear()


def _put(data: Record, key: str, value: list[Record] | None) -> None:
    if value:
        data[key] = value


# --- The kinds of top-level record -----------------------------------------------------------


def _plain(table: _Table) -> Callable[[Rows, _Chunk], list[Record]]:
    def records(rows: Rows, chunk: _Chunk) -> list[Record]:
        items = []
        for row in rows:
            data = table.build(row)
            chunk.tracked[row[0]].append(data)
            items.append(data)
        return items

    return records


def _organizations(rows: Rows, chunk: _Chunk) -> list[Record]:
    """`serialize.organization`."""
    contacts = chunk.contacts("organization_id", _Span(rows))
    phones = chunk.phones("organization_id", _Span(rows))
    items = []
    for row in rows:
        pk = row[0]
        data = ORGANIZATION.build(row)
        _put(data, "contacts", contacts.get(pk))
        _put(data, "phones", phones.get(pk))
        chunk.tracked[pk].append(data)
        items.append(data)
    return items


def _locations(rows: Rows, chunk: _Chunk) -> list[Record]:
    """`serialize.location`: a confidential location as its placeholder, without its rows."""
    at = LOCATION.at
    secret, kind = at["is_confidential"], at["location_type"]
    district, code = at["district_id"], at["district__code"]
    ids = _Span(rows)  # the rows of confidential locations are read, and left unused
    languages = chunk.records(LANGUAGE, "location_id", ids)
    addresses = chunk.records(ADDRESS, "location_id", ids)
    contacts = chunk.contacts("location_id", ids)
    accessibility = chunk.records(ACCESSIBILITY, "location_id", ids)
    phones = chunk.phones("location_id", ids)
    schedules = chunk.records(SCHEDULE, "location_id", ids)
    items = []
    for row in rows:
        pk = row[0]
        if row[secret]:
            items.append(
                {
                    "id": str(pk),
                    "location_type": row[kind],
                    "name": CONFIDENTIAL_NAME,
                    "nl_is_confidential": True,
                }
            )
            continue
        data = LOCATION.build(row)
        if row[district] is not None:
            data["nl_district"] = row[code]
        _put(data, "languages", languages.get(pk))
        _put(data, "addresses", addresses.get(pk))
        _put(data, "contacts", contacts.get(pk))
        _put(data, "accessibility", accessibility.get(pk))
        _put(data, "phones", phones.get(pk))
        _put(data, "schedules", schedules.get(pk))
        chunk.tracked[pk].append(data)
        items.append(data)
    return items


def _places(chunk: _Chunk, span: _Span) -> dict[Any, list[Record]]:
    """`serialize.service_at_location` of the services: at a confidential location only the
    link."""
    rows = chunk.rows(SERVICE_AT_LOCATION, "service_id", span)
    at = SERVICE_AT_LOCATION.at
    service, location = at["service_id"], at["location_id"]
    confidential = chunk.confidential
    public = [row[0] for row in rows if row[location] not in confidential]
    contacts = chunk.contacts("service_at_location_id", public)
    phones = chunk.phones("service_at_location_id", public)
    schedules = chunk.records(SCHEDULE, "service_at_location_id", public)
    grouped: dict[Any, list[Record]] = defaultdict(list)
    for row in rows:
        pk = row[0]
        if row[location] in confidential:
            data = {
                "id": str(pk),
                "service_id": str(row[service]),
                "location_id": str(row[location]),
            }
        else:
            data = SERVICE_AT_LOCATION.build(row)
            _put(data, "contacts", contacts.get(pk))
            _put(data, "phones", phones.get(pk))
            _put(data, "schedules", schedules.get(pk))
            chunk.tracked[pk].append(data)
        grouped[row[service]].append(data)
    return grouped


def _services(rows: Rows, chunk: _Chunk) -> list[Record]:
    """`serialize.service` (full, references by id)."""
    ids = _Span(rows)
    phones = chunk.phones("service_id", ids)
    schedules = chunk.records(SCHEDULE, "service_id", ids)
    areas = chunk.records(SERVICE_AREA, "service_id", ids)
    languages = chunk.records(LANGUAGE, "service_id", ids)
    costs = chunk.records(COST_OPTION, "service_id", ids)
    contacts = chunk.contacts("service_id", ids)
    exceptions: dict[Any, list[Record]] = defaultdict(list)
    for row in chunk.rows(SCHEDULE_EXCEPTION, "service_id", ids):  # not tracked: no attributes
        exceptions[row[SCHEDULE_EXCEPTION.at["service_id"]]].append(SCHEDULE_EXCEPTION.build(row))
    places = _places(chunk, ids)
    items = []
    for row in rows:
        pk = row[0]
        data = SERVICE.build(row)
        _put(data, "phones", phones.get(pk))
        _put(data, "schedules", schedules.get(pk))
        _put(data, "service_areas", areas.get(pk))
        _put(data, "service_at_locations", places.get(pk))
        _put(data, "languages", languages.get(pk))
        _put(data, "cost_options", costs.get(pk))
        _put(data, "contacts", contacts.get(pk))
        _put(data, "nl_schedule_exceptions", exceptions.get(pk))
        chunk.tracked[pk].append(data)
        items.append(data)
    return items


# (key in the file, table, making the records of a chunk)
SECTIONS: list[tuple[str, _Table, Callable[[Rows, _Chunk], list[Record]]]] = [
    ("taxonomies", TAXONOMY, _plain(TAXONOMY)),
    ("taxonomy_terms", TAXONOMY_TERM, _plain(TAXONOMY_TERM)),
    ("organizations", ORGANIZATION, _organizations),
    ("locations", LOCATION, _locations),
    ("services", SERVICE, _services),
]


def _chunks(table: _Table, size: int) -> Iterator[Rows]:
    """Every row in id order, a chunk at a time (keyset pagination: each chunk is one indexed
    query, however far into the table)."""
    last: Any = None
    while True:
        query = table.model._default_manager.order_by("id")
        if last is not None:
            query = query.filter(id__gt=last)
        rows = _read(query[:size], table)
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = rows[-1][0]


@contextmanager
def _export_loaders() -> Iterator[bool]:
    """On PostgreSQL, read UUIDs as their text while exporting (with psycopg's compiled text
    loader): making a `uuid.UUID` of every id and turning it back into text cost more than the
    queries. Text sorts as the UUIDs do (fixed width, lower case hex). Yields whether ids are
    text."""
    if connection.vendor != "postgresql":
        yield False
        return
    import psycopg
    from psycopg.pq import Format

    connection.ensure_connection()
    adapters = connection.connection.adapters
    info, text = adapters.types.get("uuid"), psycopg.adapters.types.get("text")
    previous = adapters.get_loader(info.oid, Format.TEXT) if info else None
    loader = psycopg.adapters.get_loader(text.oid, Format.TEXT) if text else None
    if info is None or previous is None or loader is None:
        yield False
        return
    adapters.register_loader(info.oid, loader)
    try:
        yield True
    finally:
        adapters.register_loader(info.oid, previous)


def write_export(
    out: Writable, *, chunk_size: int = serialize.CHUNK_SIZE, workers: int | None = None
) -> dict[str, int]:
    """Write the whole directory as one JSON document, a record per line; return the counts.

    The document is `{"version", "profile", "taxonomies", "taxonomy_terms", "organizations",
    "locations", "services"}`: every record once, in id order, each list item a valid HSDS object
    of its kind, references by id. `import_hsds` reads it back.

    On PostgreSQL outside a transaction, chunks are made by `workers` threads (default
    `WORKERS`), each with a connection of its own, so that one reads while another builds; the
    file is written in order all the same. Inside a transaction (other connections would not see
    its rows), or with `workers=0`, everything happens here.
    """
    if workers is None:
        workers = WORKERS
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        workers = 0
    with _export_loaders() as text:
        return _write_export(out, chunk_size, text=text, workers=workers)


# Threads making chunks. Two keep both of a small server's cores busy (the database's queries
# and this process's Python); more only contend for the interpreter.
WORKERS = 2


class _Workers:
    """Threads that make the lines of chunks (`_lines`), each with its own database connection
    (closed when they end). `submit` returns a future; results are taken in submission order."""

    def __init__(self, count: int, *, text: bool) -> None:
        self.text = text
        self.tasks: queue.SimpleQueue[tuple[Future[list[str]], Callable[[], list[str]]] | None]
        self.tasks = queue.SimpleQueue()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        try:
            with _export_loaders() as text:
                while (task := self.tasks.get()) is not None:
                    future, work = task
                    if not future.set_running_or_notify_cancel():
                        continue
                    try:
                        if text != self.text:
                            raise RuntimeError("a worker reads ids unlike the exporter")
                        future.set_result(work())
                    except BaseException as error:  # handed to the thread that waits for it
                        future.set_exception(error)
        finally:
            connection.close()

    def submit(self, work: Callable[[], list[str]]) -> Future[list[str]]:
        future: Future[list[str]] = Future()
        self.tasks.put((future, work))
        return future

    def close(self) -> None:
        for _ in self.threads:
            self.tasks.put(None)
        for thread in self.threads:
            thread.join()


def _lines(
    records: Callable[[Rows, _Chunk], list[Record]], rows: Rows, confidential: frozenset[Any]
) -> list[str]:
    """The JSON text of the records of one chunk, a line each."""
    chunk = _Chunk(confidential)
    items = records(rows, chunk)
    chunk.finish()
    return [_encode(item) for item in items]


def _encode(record: Record) -> str:
    """Compact JSON of a record. orjson, because the standard library's encoder was a fifth of
    the export's time (300,000 services)."""
    return orjson.dumps(record).decode()


def _write_export(out: Writable, chunk_size: int, *, text: bool, workers: int) -> dict[str, int]:
    confidential: frozenset[Any] = serialize.confidential_location_ids()
    if text:
        confidential = frozenset(map(str, confidential))
    out.write("{\n")
    out.write(
        f'"version": {json.dumps(serialize.HSDS_VERSION)},\n"profile": {json.dumps(PROFILE_URI)}'
    )
    counts: dict[str, int] = {}
    pool = _Workers(workers, text=text) if workers else None
    try:
        for key, table, records in SECTIONS:
            out.write(f',\n"{key}": [')
            count = 0
            pending: deque[Future[list[str]]] = deque()

            def write(lines: list[str]) -> None:
                nonlocal count
                out.write(("\n" if count == 0 else ",\n") + ",\n".join(lines))
                count += len(lines)

            for rows in _chunks(table, chunk_size):
                work = functools.partial(_lines, records, rows, confidential)
                if pool is None:
                    write(work())
                    continue
                pending.append(pool.submit(work))
                while len(pending) > workers:
                    write(pending.popleft().result())
            while pending:
                write(pending.popleft().result())
            out.write("\n]" if count else "]")
            counts[key] = count
    finally:
        if pool is not None:
            pool.close()
    out.write("\n}\n")
    return counts
