"""The export file (`export_hsds`), at national scale.

The records are made by the same functions as the API's (`serialize`), so the file and the API
publish the same data under the same privacy rule. What differs is the reading: a chunk of
records costs one query per table, and rows are read with `.values()` into light `Row` objects
instead of model instances (building a model instance per row cost more than everything else
together). Only one chunk is in memory at a time.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import Model, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from directory.hsds import serialize
from directory.hsds.serialize import Batch, Writable
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

# Columns the export never writes (the search index is big and rebuilt by the import).
UNEXPORTED = frozenset({"search_title", "search_document"})


class Row(SimpleNamespace):
    """One database row as attributes (`pk`, the columns by attname, `hsds_<relation>` lists):
    enough for the functions of `serialize`, at a fraction of a model instance's cost."""

    pk: Any


def _one_of(field: str, ids: list[Any]) -> Q:
    """`field IN (ids)` for thousands of ids. On PostgreSQL one array parameter, sent as the text
    of the array: psycopg adapting each UUID of a list took longer than the query."""
    if connection.vendor == "postgresql":
        text = "{" + ",".join(map(str, ids)) + "}"  # str() of a text id is the id itself
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::uuid[])", (text,))})
    return Q(**{f"{field}__in": ids})


def _columns(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in UNEXPORTED]


def _read(query: QuerySet[Any], model: type[Model], also: tuple[str, ...] = ()) -> list[Row]:
    """The rows of the query. `extra` is read as text and parsed only when it is not empty (the
    decoding of a quarter of a million `{}` showed in the profile)."""
    columns = _columns(model)
    has_extra = "extra" in columns
    if has_extra:
        columns.remove("extra")
        query = query.annotate(hsds_extra=Cast("extra", TextField()))
    rows = []
    for values in query.values(*columns, *also, *(["hsds_extra"] if has_extra else [])):
        if has_extra:
            text = values.pop("hsds_extra")
            values["extra"] = {} if text == "{}" else json.loads(text)
        row = Row(**values)
        row.pk = values["id"]
        rows.append(row)
    return rows


def _rows(model: type[Model], condition: Q) -> list[Row]:
    return _read(model._default_manager.filter(condition).order_by(), model)


def _ids(rows: list[Row]) -> list[Any]:
    return [row.pk for row in rows]


def _attach(parents: list[Row], name: str, children: list[Row], link: str) -> None:
    """Give each parent its children (`hsds_<name>`, as `serialize.related` reads them)."""
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for child in children:
        grouped[getattr(child, link)].append(child)
    for parent in parents:
        setattr(parent, f"hsds_{name}", grouped.get(parent.pk, []))


def _children(parents: list[Row], name: str, model: type[Model], link: str) -> list[Row]:
    children = _rows(model, _one_of(link, _ids(parents)))
    _attach(parents, name, children, link)
    return children


def _phones(parents: list[Row], link: str) -> None:
    phones = _children(parents, "phones", Phone, link)
    _children(phones, "languages", Language, "phone_id")


def _contacts(parents: list[Row], link: str) -> None:
    contacts = _children(parents, "contacts", Contact, link)
    _phones(contacts, "contact_id")


def _services(rows: list[Row]) -> None:
    _phones(rows, "service_id")
    _children(rows, "schedules", Schedule, "service_id")
    _children(rows, "service_areas", ServiceArea, "service_id")
    _children(rows, "languages", Language, "service_id")
    _children(rows, "cost_options", CostOption, "service_id")
    _contacts(rows, "service_id")
    _children(rows, "schedule_exceptions", ScheduleException, "service_id")
    places = _children(rows, "service_at_locations", ServiceAtLocation, "service_id")
    _contacts(places, "service_at_location_id")
    _phones(places, "service_at_location_id")
    _children(places, "schedules", Schedule, "service_at_location_id")


def _locations(rows: list[Row]) -> None:
    for row in rows:
        code = row.__dict__.pop("district__code")
        row.district = SimpleNamespace(code=code) if row.district_id is not None else None
    _children(rows, "languages", Language, "location_id")
    _children(rows, "addresses", Address, "location_id")
    _contacts(rows, "location_id")
    _children(rows, "accessibility", Accessibility, "location_id")
    _phones(rows, "location_id")
    _children(rows, "schedules", Schedule, "location_id")


def _organizations(rows: list[Row]) -> None:
    _contacts(rows, "organization_id")
    _phones(rows, "organization_id")


class RowBatch(Batch):
    """A `Batch` whose attributes and metadata are read as rows too."""

    def finish(self) -> None:
        ids = list(self._waiting)
        if not ids:
            return
        attributes: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(_rows(Attribute, _one_of("link_id", ids)), key=lambda r: r.pk):
            attributes[row.link_id].append(serialize.attribute(row, self))  # type: ignore[arg-type]
        metadata: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        changes = _rows(Metadata, _one_of("resource_id", ids))
        for change in sorted(changes, key=lambda r: (r.last_action_date, r.pk)):
            metadata[change.resource_id].append(serialize.metadata_entry(change))  # type: ignore[arg-type]
        for obj_id, waiting in self._waiting.items():
            for data in waiting:
                serialize.put(data, "attributes", attributes.get(obj_id))
                serialize.put(data, "metadata", metadata.get(obj_id))
        self._waiting.clear()


# (key in the file, model, columns read besides the model's own, prefetching, serialising)
SECTIONS: list[
    tuple[str, type[Model], tuple[str, ...], Callable[[list[Row]], None], Callable[..., Any]]
] = [
    ("taxonomies", Taxonomy, (), lambda rows: None, serialize.taxonomy),
    ("taxonomy_terms", TaxonomyTerm, (), lambda rows: None, serialize.taxonomy_term),
    ("organizations", Organization, (), _organizations, serialize.organization),
    ("locations", Location, ("district__code",), _locations, serialize.location),
    ("services", Service, (), _services, serialize.service),
]


def _chunks(model: type[Model], also: tuple[str, ...], size: int) -> Iterator[list[Row]]:
    """Every row in id order, a chunk at a time (keyset pagination: each chunk is one indexed
    query, however far into the table)."""
    last: Any = None
    while True:
        query = model._default_manager.order_by("id")
        if last is not None:
            query = query.filter(id__gt=last)
        rows = _read(query[:size], model, also)
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = rows[-1].pk


@contextmanager
def _uuids_as_text() -> Iterator[bool]:
    """On PostgreSQL, read UUIDs as their text while exporting: making a `uuid.UUID` of every id
    and turning it back into text cost more than the queries. Text sorts as the UUIDs do (fixed
    width, lower case hex). Yields whether ids are text."""
    if connection.vendor != "postgresql":
        yield False
        return
    from psycopg.pq import Format
    from psycopg.types.string import TextLoader

    connection.ensure_connection()
    adapters = connection.connection.adapters
    info = adapters.types.get("uuid")
    previous = adapters.get_loader(info.oid, Format.TEXT) if info else None
    if info is None or previous is None:
        yield False
        return
    adapters.register_loader(info.oid, TextLoader)
    try:
        yield True
    finally:
        adapters.register_loader(info.oid, previous)


def write_export(out: Writable, *, chunk_size: int = serialize.CHUNK_SIZE) -> dict[str, int]:
    """Write the whole directory as one JSON document, a record per line; return the counts.

    The document is `{"version", "profile", "taxonomies", "taxonomy_terms", "organizations",
    "locations", "services"}`: every record once, in id order, each list item a valid HSDS object
    of its kind, references by id. `import_hsds` reads it back.
    """
    with _uuids_as_text() as text:
        return _write_export(out, chunk_size, text=text)


def _write_export(out: Writable, chunk_size: int, *, text: bool) -> dict[str, int]:
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    confidential: frozenset[Any] = serialize.confidential_location_ids()
    if text:
        confidential = frozenset(map(str, confidential))
    out.write("{\n")
    out.write(
        f'"version": {json.dumps(serialize.HSDS_VERSION)},\n"profile": {json.dumps(PROFILE_URI)}'
    )
    counts: dict[str, int] = {}
    for key, model, also, prefetch, serialize_one in SECTIONS:
        out.write(f',\n"{key}": [')
        count = 0
        for rows in _chunks(model, also, chunk_size):
            prefetch(rows)
            batch = RowBatch(embed=False, confidential=confidential)
            items = [serialize_one(row, batch) for row in rows]
            batch.finish()
            lines = [encode(item) for item in items]
            out.write(("\n" if count == 0 else ",\n") + ",\n".join(lines))
            count += len(lines)
        out.write("\n]" if count else "]")
        counts[key] = count
    out.write("\n}\n")
    return counts
