"""Importing many records at once: a batch of organisations, locations or services (of one kind)
in one transaction, with a fixed number of queries per batch.

Every record of the batch has been validated on its own before. Then, for the batch:
1. the rows it names (and the present children of its records) are read, one query per table;
2. each record becomes model objects in Python, merged into the stored rows exactly as the
   record-by-record `Writer` does it (same `_assign`, same field checks, same messages);
3. replaced children are deleted (or unlinked, when another record still holds them) and
   everything is written with one upsert per table, in one transaction.

A record this path is not sure about — a value that fails a check, a reference that is missing,
a nested organisation or location, an unknown parent or district — is left to the `Writer`, after
the batch, so that it fails or warns with the same message as always. When the batch write itself
fails, or two records of the batch touch the same row, the whole batch goes record by record:
a bad record cannot spoil the good ones, and nothing is ever half-written.
"""

import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from directory.hsds.importer import (
    SHARED_LINKS,
    RecordInvalid,
    Writer,
    _datetime,
    _is_placeholder,
    convert,
)
from directory.hsds.serialize import SCHEDULE_EXCEPTION_FIELDS
from directory.hsds.validation import join
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
# Columns an upsert never overwrites: set once, or written by the search index afterwards.
KEPT = frozenset(
    {
        "id",
        "created_at",
        "search_title",
        "search_document",
        "search_latitude",
        "search_longitude",
        "facet_mask",
    }
)


def one_of(field: str, ids: Collection[Any]) -> Q:
    """`field IN (ids)`. On PostgreSQL the ids go as one text parameter, split by the server:
    a placeholder per id made psycopg's parsing of the statement cost more than the query."""
    if connection.vendor == "postgresql" and ids:
        text = ",".join(map(str, ids))
        return Q(**{f"{field}__in": RawSQL("SELECT string_to_table(%s, ',')::uuid", (text,))})
    return Q(**{f"{field}__in": ids})


class Unsure(Exception):
    """This record goes to the Writer."""


class Conflict(Exception):
    """This batch goes record by record."""


@dataclass
class Plan:
    """What one record writes: objects per model, stale children, the time it was modified."""

    objects: list[models.Model] = field(default_factory=list)
    # (model, link attname, owner pk, listed child ids): children no longer listed go.
    replaced: list[tuple[type[models.Model], str, uuid.UUID, set[uuid.UUID]]] = field(
        default_factory=list
    )
    last_modified: list[tuple[uuid.UUID, Any]] = field(default_factory=list)
    created: bool = False
    skipped: bool = False  # a placeholder for a confidential location we hold
    # The objects by (model, id): a row the record names twice (a phone of the service and of
    # its contact) is one object, written as the Writer leaves it after both.
    index: dict[tuple[type[models.Model], uuid.UUID], models.Model] = field(default_factory=dict)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return _parsed_uuid(value)
    except TypeError:  # not hashable, so not an id either
        return _parse_uuid(value)


@functools.lru_cache(maxsize=65536)
def _parsed_uuid(value: Any) -> uuid.UUID:
    """Each id is read three times (collecting, planning, listing children): parsed once."""
    return _parse_uuid(value)


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise Unsure from error


def _new(model: type[models.Model], pk: uuid.UUID) -> models.Model:
    """`model(pk=pk)`: every field at its default. Positional arguments take Django's quick path
    (a keyword argument per field, or none, costs a default lookup per field)."""
    values = [
        pk if field.primary_key else field.get_default() for field in model._meta.concrete_fields
    ]
    obj = model(*values)
    return obj


class BatchWriter(Writer):
    """Writes the batch; `unsure` lists the records (by position) left to the Writer."""

    def __init__(self, entity: str, records: list[dict[str, Any]], *, strict: bool) -> None:
        super().__init__(strict=strict)
        self.entity = entity
        self.records = records
        self.plans: dict[int, Plan] = {}
        self.unsure: list[int] = []
        self._rows: dict[type[models.Model], dict[uuid.UUID, models.Model]] = {}
        self._children_of: dict[tuple[type[models.Model], str], dict[uuid.UUID, list[Any]]] = {}
        self._known: dict[type[models.Model], set[uuid.UUID]] = {}
        self._districts: dict[str, District] = {}

    # Reading, one query per table

    def read(self) -> None:
        ids: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
        owners: dict[tuple[type[models.Model], str], set[uuid.UUID]] = defaultdict(set)
        references: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
        codes: set[str] = set()
        for position, data in enumerate(self.records):
            try:
                self._collect(self.entity, data, ids, owners, references)
                if self.entity == "location" and data.get("nl_district"):
                    codes.add(data["nl_district"])
            except Unsure:
                self.unsure.append(position)
        for model in {*ids, *(model for model, _link in owners)}:
            condition = one_of("pk", ids.get(model, set()))
            links = [(link, pks) for (m, link), pks in owners.items() if m is model]
            for link, pks in links:
                condition |= one_of(link, pks)
            rows = list(model._default_manager.filter(condition))
            self._rows[model] = {row.pk: row for row in rows}
            for link, _pks in links:
                grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
                for row in rows:
                    owner = getattr(row, link)
                    if owner is not None:
                        grouped[owner].append(row)
                self._children_of[(model, link)] = grouped
        for model, pks in references.items():
            found = model._default_manager.filter(one_of("pk", pks)).values_list("pk", flat=True)
            self._known[model] = set(found) | set(self._rows.get(model, {}))
        if codes:
            self._districts = {d.code: d for d in District.objects.filter(code__in=codes)}

    def _collect(
        self,
        entity: str,
        data: dict[str, Any],
        ids: dict[type[models.Model], set[uuid.UUID]],
        owners: dict[tuple[type[models.Model], str], set[uuid.UUID]],
        references: dict[type[models.Model], set[uuid.UUID]],
    ) -> None:
        if any(key in data for key in UNHANDLED.get(entity, ())):
            raise Unsure
        pk = _uuid(data["id"])
        ids[MODELS[entity]].add(pk)
        link = f"{entity}_id"
        for key, kind in CHILDREN.get(entity, ()):
            if key in data:
                owners[(MODELS[kind], link)].add(pk)
                for item in data[key]:
                    self._collect(kind, item, ids, owners, references)
        if entity == "service" and "nl_schedule_exceptions" in data:
            owners[(ScheduleException, "service_id")].add(pk)
            for item in data["nl_schedule_exceptions"]:
                ids[ScheduleException].add(_uuid(item["id"]))
        if "attributes" in data:
            owners[(Attribute, "link_id")].add(pk)
            for item in data["attributes"]:
                self._collect("attribute", item, ids, owners, references)
        if "metadata" in data:
            owners[(Metadata, "resource_id")].add(pk)
            for item in data["metadata"]:
                ids[Metadata].add(_uuid(item["id"]))
        if entity in ("service", "location") and "organization_id" in data:
            references[Organization].add(_uuid(data["organization_id"]))
        if entity == "service_at_location" and "location_id" in data:
            references[Location].add(_uuid(data["location_id"]))
        if entity == "attribute" and "taxonomy_term_id" in data:
            references[TaxonomyTerm].add(_uuid(data["taxonomy_term_id"]))

    # Planning, in Python

    def plan(self) -> None:
        for position, data in enumerate(self.records):
            if position in self.unsure:
                continue
            plan = Plan()
            try:
                self._node(plan, self.entity, data, "", {})
            except (Unsure, RecordInvalid, ValueError, TypeError, KeyError):
                self.unsure.append(position)
                continue
            self.plans[position] = plan

    def _row(self, model: type[models.Model], pk: uuid.UUID) -> models.Model | None:
        row = self._rows.get(model, {}).get(pk)
        if row is None:
            return None
        # A copy: a record that fails half-way must not leave its changes for another one.
        fields = model._meta.concrete_fields
        copy = model.from_db(
            row._state.db, [f.attname for f in fields], [getattr(row, f.attname) for f in fields]
        )
        if hasattr(copy, "extra"):
            copy.extra = dict(copy.extra)
        return copy

    def _node(
        self, plan: Plan, entity: str, data: dict[str, Any], path: str, links: dict[str, Any]
    ) -> models.Model:
        model = MODELS[entity]
        pk = _uuid(data["id"])
        again = plan.index.get((model, pk))
        obj = again if again is not None else self._row(model, pk)
        created = obj is None
        if path == "":
            plan.created = created
        confidential = obj is not None and getattr(obj, "is_confidential", False)
        if entity == "location" and confidential and _is_placeholder(data):
            plan.skipped = True
            return cast("models.Model", obj)
        if obj is None:
            obj = _new(model, pk)
        links = {**links, **self._references(entity, data, created)}
        if entity == "schedule_exception":
            for name in SCHEDULE_EXCEPTION_FIELDS:
                if name in data:
                    value = convert(model, name, data[name], join(path, name))
                    setattr(obj, name, value)
        else:
            self._assign(obj, entity, data, path)
        for name, value in links.items():
            setattr(obj, name, value)
        if entity == "location" and "nl_district" in data and data["nl_district"]:
            obj.extra.pop("nl_district", None)  # type: ignore[attr-defined]
        self._clean(obj, entity, path)
        if again is None:
            plan.objects.append(obj)
            plan.index[(model, pk)] = obj
        if entity == "service" and "last_modified" in data:
            last_modified = _datetime(data["last_modified"], join(path, "last_modified"))
            plan.last_modified.append((pk, last_modified))
        link = f"{entity}_id"
        for key, kind in CHILDREN.get(entity, ()):
            if key in data:
                self._replace(plan, kind, key, data, path, {link: pk}, link, pk)
        if entity == "service" and "nl_schedule_exceptions" in data:
            self._replace(
                plan,
                "schedule_exception",
                "nl_schedule_exceptions",
                data,
                path,
                {"service_id": pk},
                "service_id",
                pk,
            )
        if entity not in ("attribute", "metadata", "schedule_exception"):
            owner = {"link_entity": entity, "link_id": pk}
            if "attributes" in data:
                self._replace(plan, "attribute", "attributes", data, path, owner, "link_id", pk)
            owner = {"resource_type": entity, "resource_id": pk}
            if "metadata" in data:
                self._replace(plan, "metadata", "metadata", data, path, owner, "resource_id", pk)
        return obj

    def _replace(
        self,
        plan: Plan,
        kind: str,
        key: str,
        data: dict[str, Any],
        path: str,
        links: dict[str, Any],
        link: str,
        owner: uuid.UUID,
    ) -> None:
        items = data[key]
        listed = {_uuid(item["id"]) for item in items}
        plan.replaced.append((MODELS[kind], link, owner, listed))
        for index, item in enumerate(items):
            self._node(plan, kind, item, f"{join(path, key)}[{index}]", links)

    def _references(self, entity: str, data: dict[str, Any], created: bool) -> dict[str, Any]:
        """The links a record names by id, when they are known; Unsure otherwise (the Writer
        then says what is wrong)."""
        links: dict[str, Any] = {}
        if entity in ("service", "location") and "organization_id" in data:
            links["organization_id"] = self._known_id(Organization, data["organization_id"])
        elif entity == "service" and created:
            raise Unsure
        if entity == "location" and "nl_district" in data:
            code = data["nl_district"]
            district = self._districts.get(code) if code else None
            if code and district is None:
                raise Unsure
            links["district"] = district
        if entity == "service_at_location":
            if "location_id" in data:
                links["location_id"] = self._known_id(Location, data["location_id"])
            elif created:
                raise Unsure
        if entity == "attribute":
            if "taxonomy_term_id" in data:
                links["taxonomy_term_id"] = self._known_id(TaxonomyTerm, data["taxonomy_term_id"])
            elif created:
                raise Unsure
        return links

    def _known_id(self, model: type[models.Model], value: Any) -> uuid.UUID:
        pk = _uuid(value)
        if pk not in self._known.get(model, set()):
            raise Unsure
        return pk

    # Writing, one statement per table

    def store(self) -> None:
        plans = [plan for plan in self.plans.values() if not plan.skipped]
        objects: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        seen: set[tuple[type[models.Model], uuid.UUID]] = set()
        for plan in plans:
            for obj in plan.objects:
                key = (type(obj), obj.pk)
                if key in seen:
                    raise Conflict  # two records of the batch write the same row
                seen.add(key)
                objects[type(obj)].append(obj)
        stale: dict[tuple[type[models.Model], str], list[Any]] = defaultdict(list)
        for plan in plans:
            for model, link, owner, listed in plan.replaced:
                for row in self._children_of.get((model, link), {}).get(owner, []):
                    if row.pk not in listed:
                        if (model, row.pk) in seen:
                            raise Conflict  # moves from one record of the batch to another
                        if model is not Metadata or row.updated_by_user_id is None:
                            stale[(model, link)].append(row)
        for (model, link), rows in stale.items():
            _drop(model, link, rows)
        for model in MODELS.values():
            if model in objects:
                _upsert(model, objects[model])
        modified = [pair for plan in plans for pair in plan.last_modified]
        if modified:
            _set_updated_at(modified)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # deferred foreign keys: fail inside the batch
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.service_ids = {obj.pk for obj in objects.get(Service, [])}


def _drop(model: type[models.Model], link: str, rows: list[Any]) -> None:
    """As the Writer's `_drop_stale`: delete, or only unlink the rows others still hold."""
    name = link.removesuffix("_id")
    others = [other for other in SHARED_LINKS.get(model, ()) if other != name]
    held = [row.pk for row in rows if any(getattr(row, f"{other}_id") for other in others)]
    if held:
        model._default_manager.filter(one_of("pk", held)).update(**{link: None})
    gone = [row.pk for row in rows if row.pk not in set(held)]
    if gone:
        model._default_manager.filter(one_of("pk", gone)).delete()


def _upsert(model: type[models.Model], objects: list[models.Model]) -> None:
    columns = [f.name for f in model._meta.concrete_fields if f.name not in KEPT]
    if connection.vendor == "postgresql":
        _copy_upsert(model, objects, columns)
        return
    model._default_manager.bulk_create(
        objects,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=columns,
    )


def _copy_upsert(model: type[models.Model], objects: list[models.Model], update: list[str]) -> None:
    """What `bulk_create(update_conflicts=True)` does, through COPY into a temporary table and one
    INSERT … ON CONFLICT: Django's building of the statement, a placeholder and an adapted
    parameter per value, took longer than PostgreSQL's writing. As in bulk_create, new rows get
    every column, existing ones only `update` (and both get `auto_now` times)."""
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    by_name = {f.name: f for f in fields}
    updates = ", ".join(
        f"{quoted} = EXCLUDED.{quoted}"
        for quoted in (connection.ops.quote_name(by_name[name].column) for name in update)
    )
    staging = connection.ops.quote_name(f"hsds_staging_{table}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {table})")
        with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in _rows_to_write(objects, fields):
                copy.write_row(row)
        cursor.execute(  # names from the models, not from the payload
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}"  # noqa: S608
            f" ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        cursor.execute(f"DROP TABLE {staging}")


def _rows_to_write(objects: list[models.Model], fields: Any) -> Iterator[list[Any]]:
    """The values of each object as `bulk_create` writes them: `auto_now` fields set to now
    (on the object too), JSON as its text, everything else as it is."""
    now = timezone.now()
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False)]
    stamped += [f.attname for f in fields if getattr(f, "auto_now_add", False)]
    dumps = {
        f.attname: functools.partial(json.dumps, cls=f.encoder)
        for f in fields
        if isinstance(f, models.JSONField)
    }
    attnames = [f.attname for f in fields]
    for obj in objects:
        for attname in stamped:
            setattr(obj, attname, now)
        values = obj.__dict__
        row = [values[attname] for attname in attnames]
        for index, attname in enumerate(attnames):
            if attname in dumps and row[index] is not None:
                row[index] = dumps[attname](row[index])
        yield row


def _set_updated_at(modified: list[tuple[uuid.UUID, Any]]) -> None:
    """`last_modified` of the record, not the time of the import (`auto_now` set the latter)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE directory_service AS s SET updated_at = v.t"
                " FROM unnest(%s::uuid[], %s::timestamptz[]) AS v(id, t) WHERE s.id = v.id",
                ([pk for pk, _ in modified], [value for _, value in modified]),
            )
        return
    for pk, value in modified:
        Service.objects.filter(pk=pk).update(updated_at=value)


def write_batch(
    entity: str, records: list[dict[str, Any]], *, strict: bool
) -> tuple[BatchWriter, list[int]]:
    """Write these valid records of one kind; return the writer (created/updated per position,
    service ids) and the positions left to the Writer. Raises Conflict, or a database error,
    with nothing written."""
    writer = BatchWriter(entity, records, strict=strict)
    writer.read()
    writer.plan()
    with transaction.atomic():
        writer.store()
    return writer, sorted(writer.unsure)
