"""Directory records as HSDS 3.0 JSON objects, for the export file and the /hsds/ API alike.

One set of functions serves both, so both publish the same data under the same privacy rule:
a confidential location (`Location.is_confidential`, e.g. a shelter) is published only as a
placeholder (its id, its kind, the name "Vertrouwelijke locatie" and `nl_is_confidential`), a
service at such a location only as the link to that placeholder, and phones and contacts tied to
it are left out wherever they would appear. Its address, coordinates, district, phones, contacts,
description and change history are never published.

Empty values are left out: HSDS formats such as `email` and `uri` do not accept "". HSDS fields
without a column come back out of `extra`. The NL profile's fields are `nl_…` properties
(docs/hsds-nl-profile.md).

Attributes and metadata point at records by id rather than by foreign key, so they cannot be
prefetched; a `Batch` collects every object serialised for one chunk and fetches the attributes
and metadata of all of them in two queries (`Batch.finish`).
"""

import datetime
import decimal
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from django.db import connection
from django.db.models import Model, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from directory.models import (
    Address,
    Attribute,
    Contact,
    Language,
    Location,
    Metadata,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

HSDS_VERSION = "3.0"
CONFIDENTIAL_NAME = "Vertrouwelijke locatie"
CHUNK_SIZE = 2000

# The HSDS fields each model holds in a column of the same name, in the order of the schema.
FIELDS: dict[str, tuple[str, ...]] = {
    "service": (
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "alert",
    ),
    "organization": (
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
    ),
    "location": (
        "location_type",
        "url",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ),
    "service_at_location": ("description",),
    "address": (
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "contact": ("name", "title", "department", "email"),
    "phone": ("number", "extension", "type", "description"),
    "schedule": (
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ),
    "service_area": ("name", "description", "extent", "extent_type", "uri"),
    "cost_option": (
        "valid_from",
        "valid_to",
        "option",
        "currency",
        "amount",
        "amount_description",
    ),
    "language": ("name", "code", "note"),
    "accessibility": ("description", "details", "url"),
    "taxonomy": ("name", "description", "uri", "version"),
    "taxonomy_term": ("code", "name", "description", "taxonomy", "language", "term_uri"),
    "attribute": ("link_type", "value"),
    "metadata": (
        "last_action_date",
        "last_action_type",
        "field_name",
        "previous_value",
        "replacement_value",
        "updated_by",
    ),
}
# NL profile: extension property → model field. nl_district and nl_schedule_exceptions are
# relations and handled on their own.
NL_FIELDS: dict[str, dict[str, str]] = {
    "service": {
        "nl_referral_requirement": "referral_requirement",
        "nl_referral_note": "referral_note",
        "nl_recognised_intervention": "recognised_intervention",
        "nl_is_informal": "is_informal",
        "nl_capacity_status": "capacity_status",
        "nl_waiting_weeks": "waiting_weeks",
        "nl_capacity_updated_at": "capacity_updated_at",
        "nl_last_verified_at": "last_verified_at",
    },
    "organization": {"nl_is_informal": "is_informal"},
    "location": {"nl_is_confidential": "is_confidential"},
    "contact": {"nl_is_liaison": "is_liaison", "nl_reachable": "reachable"},
    "schedule": {"nl_closed_on_public_holidays": "closed_on_public_holidays"},
    "service_area": {"nl_cbs_code": "cbs_code"},
}
# Text the HSDS schemas require that may be empty here: written as "" rather than left out, so
# that the record stays valid (an organisation without a description, say).
REQUIRED_TEXT: dict[str, tuple[str, ...]] = {
    "organization": ("description",),
    "taxonomy": ("description",),
    "taxonomy_term": ("description",),
}
SCHEDULE_EXCEPTION_FIELDS = ("date", "closed", "opens_at", "closes_at", "note")

# --- Prefetching ----------------------------------------------------------------------------
# Serialising a chunk costs a fixed number of queries: every relation is prefetched. Prefetched
# rows are kept as plain lists (`to_attr`): Django's default builds a QuerySet per row and
# relation, which costs more than the queries themselves when a chunk has thousands of rows.


def _fetched(name: str, queryset: QuerySet[Any] | None = None) -> Prefetch:
    return Prefetch(name, queryset=queryset, to_attr=f"hsds_{name}")


def related(obj: Model, name: str) -> list[Any]:
    """The rows of a relation, as prefetched by `_fetched` (a query of its own otherwise)."""
    fetched = getattr(obj, f"hsds_{name}", None)
    return fetched if fetched is not None else list(getattr(obj, name).all())


def phones_prefetch() -> Prefetch:
    return _fetched("phones", Phone.objects.prefetch_related(_fetched("languages")))


def contacts_prefetch() -> Prefetch:
    return _fetched("contacts", Contact.objects.prefetch_related(phones_prefetch()))


def locations_queryset() -> QuerySet[Location]:
    return Location.objects.select_related("district").prefetch_related(
        _fetched("languages"),
        _fetched("addresses"),
        contacts_prefetch(),
        _fetched("accessibility"),
        phones_prefetch(),
        _fetched("schedules"),
    )


def service_at_location_prefetches(*, embed: bool) -> list[Prefetch]:
    prefetches = [contacts_prefetch(), phones_prefetch(), _fetched("schedules")]
    if embed:
        prefetches.append(Prefetch("location", queryset=locations_queryset()))
    return prefetches


def service_prefetches(*, embed: bool) -> list[Prefetch]:
    places = ServiceAtLocation.objects.prefetch_related(
        *service_at_location_prefetches(embed=embed)
    )
    return [
        phones_prefetch(),
        _fetched("schedules"),
        _fetched("service_areas"),
        _fetched("languages"),
        _fetched("cost_options"),
        contacts_prefetch(),
        _fetched("schedule_exceptions"),
        _fetched("service_at_locations", places),
    ]


def organization_prefetches(*, locations: bool) -> list[Prefetch]:
    prefetches = [contacts_prefetch(), phones_prefetch()]
    if locations:
        prefetches.append(_fetched("locations", locations_queryset()))
    return prefetches


def confidential_location_ids() -> frozenset[uuid.UUID]:
    return frozenset(Location.objects.filter(is_confidential=True).values_list("id", flat=True))


class Batch:
    """The serialisation of one chunk of records.

    `embed` nests referenced records (the API); without it a reference is only its id (the export
    file, which lists every record once). `confidential` holds the ids of confidential locations.
    """

    def __init__(self, *, embed: bool, confidential: frozenset[uuid.UUID]) -> None:
        self.embed = embed
        self.confidential = confidential
        self._waiting: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)

    def track(self, obj: Model, data: dict[str, Any]) -> dict[str, Any]:
        """Give this object's attributes and metadata to `data` when the batch finishes."""
        self._waiting[obj.pk].append(data)
        return data

    def public(self, rows: Iterable[Phone] | Iterable[Contact]) -> list[Any]:
        """Rows that do not belong to a confidential location, in id order."""
        return ordered(row for row in rows if row.location_id not in self.confidential)

    def finish(self) -> None:
        ids = list(self._waiting)
        if not ids:
            return
        attributes: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        terms = Attribute.objects.select_related("taxonomy_term__taxonomy_ref")
        for row in terms.filter(_one_of("link_id", ids)).order_by("id"):
            attributes[row.link_id].append(attribute(row, self))
        metadata: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        changes = Metadata.objects.filter(_one_of("resource_id", ids))
        for change in changes.order_by("last_action_date", "id"):
            metadata[change.resource_id].append(metadata_entry(change))
        for obj_id, waiting in self._waiting.items():
            for data in waiting:
                put(data, "attributes", attributes.get(obj_id))
                put(data, "metadata", metadata.get(obj_id))
        self._waiting.clear()


def _one_of(field: str, ids: list[uuid.UUID]) -> Q:
    """`field IN (ids)` for thousands of ids. On PostgreSQL as one array parameter: building and
    sending a placeholder per id took a third of the export's time."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::uuid[])", (ids,))})
    return Q(**{f"{field}__in": ids})


# --- Values ----------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set the key unless the value is empty; False and 0 are values."""
    kind = value.__class__  # the common plain types first: this runs millions of times
    if kind is str:
        if value:
            data[key] = value
        return
    if kind is bool or kind is int or kind is float:
        data[key] = value
        return
    if value is None or value == "" or value == []:
        return
    data[key] = json_value(value)


_M = TypeVar("_M", bound=Model)


def ordered(rows: Iterable[_M]) -> list[_M]:
    """Prefetched rows in id order, so that every export of the same data is the same text."""
    return sorted(rows, key=lambda row: row.pk)


def _record(obj: Model, entity: str, **ids: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(obj.pk)}
    for key, value in ids.items():
        put(data, key, value)
    required = REQUIRED_TEXT.get(entity, ())
    for name in FIELDS[entity]:
        put(data, name, getattr(obj, name))
        if name in required and name not in data:
            data[name] = ""
    return data


def _extra(data: dict[str, Any], obj: Any, *, lists: bool = True) -> None:
    """HSDS fields kept in `extra`; the list shapes of the API leave out the one-to-many ones."""
    for key, value in obj.extra.items():
        if key not in data and (lists or not isinstance(value, list)):
            data[key] = value


def _nl(data: dict[str, Any], obj: Model, entity: str) -> None:
    for key, field in NL_FIELDS.get(entity, {}).items():
        put(data, key, getattr(obj, field))


def _all(
    rows: Iterable[_M], serialize: Callable[[_M, Batch], dict[str, Any]], batch: Batch
) -> list[dict[str, Any]]:
    return [serialize(row, batch) for row in ordered(rows)]


# --- Records ---------------------------------------------------------------------------------


def service(obj: Service, batch: Batch, *, full: bool = True) -> dict[str, Any]:
    """A service: with `full`, every nested record (service_full); without, its own fields and its
    organisation (the list shape of the API)."""
    data = _record(obj, "service", organization_id=obj.organization_id)
    put(data, "last_modified", obj.updated_at)
    _extra(data, obj, lists=full)
    _nl(data, obj, "service")
    if batch.embed or not full:
        data["organization"] = organization(obj.organization, batch, full=False)
    if not full:
        return data
    put(data, "phones", _all(batch.public(related(obj, "phones")), phone, batch))
    put(data, "schedules", _all(related(obj, "schedules"), schedule, batch))
    put(data, "service_areas", _all(related(obj, "service_areas"), service_area, batch))
    put(
        data,
        "service_at_locations",
        _all(related(obj, "service_at_locations"), service_at_location, batch),
    )
    put(data, "languages", _all(related(obj, "languages"), language, batch))
    put(data, "cost_options", _all(related(obj, "cost_options"), cost_option, batch))
    put(data, "contacts", _all(batch.public(related(obj, "contacts")), contact, batch))
    put(
        data,
        "nl_schedule_exceptions",
        [schedule_exception(e) for e in ordered(related(obj, "schedule_exceptions"))],
    )
    return batch.track(obj, data)


def minimal_service(obj: Service) -> dict[str, Any]:
    """The API's `minimal` shape: enough to tell what changed, and still a valid service."""
    data = {"id": str(obj.pk), "name": obj.name, "status": obj.status}
    put(data, "last_modified", obj.updated_at)
    return data


def organization(
    obj: Organization,
    batch: Batch,
    *,
    full: bool = True,
    services: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    data = _record(obj, "organization", parent_organization_id=obj.parent_organization_id)
    _extra(data, obj, lists=full)
    _nl(data, obj, "organization")
    if not full:
        return data
    put(data, "contacts", _all(batch.public(related(obj, "contacts")), contact, batch))
    put(data, "phones", _all(batch.public(related(obj, "phones")), phone, batch))
    if batch.embed:
        put(data, "locations", _all(related(obj, "locations"), location, batch))
    if services is not None:
        data["services"] = services
    return batch.track(obj, data)


def location(obj: Location, batch: Batch, *, full: bool = True) -> dict[str, Any]:
    if obj.is_confidential:
        return confidential_location(obj)
    data = _record(obj, "location", organization_id=obj.organization_id)
    _extra(data, obj, lists=full)
    _nl(data, obj, "location")
    if obj.district is not None:
        data["nl_district"] = obj.district.code
    if not full:
        return data
    put(data, "languages", _all(related(obj, "languages"), language, batch))
    put(data, "addresses", _all(related(obj, "addresses"), address, batch))
    put(data, "contacts", _all(related(obj, "contacts"), contact, batch))
    put(data, "accessibility", _all(related(obj, "accessibility"), accessibility, batch))
    put(data, "phones", _all(related(obj, "phones"), phone, batch))
    put(data, "schedules", _all(related(obj, "schedules"), schedule, batch))
    return batch.track(obj, data)


def confidential_location(obj: Location) -> dict[str, Any]:
    return {
        "id": str(obj.pk),
        "location_type": obj.location_type,
        "name": CONFIDENTIAL_NAME,
        "nl_is_confidential": True,
    }


def service_at_location(
    obj: ServiceAtLocation,
    batch: Batch,
    *,
    full: bool = True,
    service_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A service at a location; without `full`, only its own fields and (embedded) its location.
    At a confidential location nothing but the link to the placeholder."""
    data: dict[str, Any] = {
        "id": str(obj.pk),
        "service_id": str(obj.service_id),
        "location_id": str(obj.location_id),
    }
    confidential = obj.location_id in batch.confidential
    if not confidential:
        put(data, "description", obj.description)
        _extra(data, obj, lists=full)
    if full and not confidential:
        put(data, "contacts", _all(batch.public(related(obj, "contacts")), contact, batch))
        put(data, "phones", _all(batch.public(related(obj, "phones")), phone, batch))
        put(data, "schedules", _all(related(obj, "schedules"), schedule, batch))
    if batch.embed:
        data["location"] = location(obj.location, batch, full=full)
    if service_data is not None:
        data["service"] = service_data
    return batch.track(obj, data) if full and not confidential else data


def address(obj: Address, batch: Batch) -> dict[str, Any]:
    return _simple(obj, "address", batch)


def contact(obj: Contact, batch: Batch) -> dict[str, Any]:
    data = _simple(obj, "contact", batch)
    put(data, "phones", _all(batch.public(related(obj, "phones")), phone, batch))
    return data


def phone(obj: Phone, batch: Batch) -> dict[str, Any]:
    data = _simple(obj, "phone", batch)
    put(data, "languages", _all(related(obj, "languages"), language, batch))
    return data


def schedule(obj: Schedule, batch: Batch) -> dict[str, Any]:
    return _simple(obj, "schedule", batch)


def service_area(obj: Model, batch: Batch) -> dict[str, Any]:
    return _simple(obj, "service_area", batch)


def cost_option(obj: Model, batch: Batch) -> dict[str, Any]:
    return _simple(obj, "cost_option", batch)


def language(obj: Language, batch: Batch) -> dict[str, Any]:
    return _simple(obj, "language", batch)


def accessibility(obj: Model, batch: Batch) -> dict[str, Any]:
    return _simple(obj, "accessibility", batch)


def _simple(obj: Model, entity: str, batch: Batch) -> dict[str, Any]:
    data = _record(obj, entity)
    _extra(data, obj)
    _nl(data, obj, entity)
    return batch.track(obj, data)


def schedule_exception(obj: ScheduleException) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(obj.pk)}
    for name in SCHEDULE_EXCEPTION_FIELDS:
        put(data, name, getattr(obj, name))
    return data


def taxonomy(obj: Taxonomy, batch: Batch, *, track: bool = True) -> dict[str, Any]:
    data = _record(obj, "taxonomy")
    _extra(data, obj)
    return batch.track(obj, data) if track else data


def taxonomy_term(obj: TaxonomyTerm, batch: Batch, *, track: bool = True) -> dict[str, Any]:
    data = _record(obj, "taxonomy_term", parent_id=obj.parent_id, taxonomy_id=obj.taxonomy_ref_id)
    _extra(data, obj)
    if batch.embed and obj.taxonomy_ref is not None:
        data["taxonomy_detail"] = taxonomy(obj.taxonomy_ref, batch, track=False)
    return batch.track(obj, data) if track else data


def attribute(obj: Attribute, batch: Batch) -> dict[str, Any]:
    data = _record(
        obj,
        "attribute",
        link_id=obj.link_id,
        link_entity=obj.link_entity,
        taxonomy_term_id=obj.taxonomy_term_id,
    )
    _extra(data, obj)
    if batch.embed:
        data["taxonomy_term"] = taxonomy_term(obj.taxonomy_term, batch, track=False)
    return data


def metadata_entry(obj: Metadata) -> dict[str, Any]:
    data = _record(obj, "metadata", resource_id=obj.resource_id, resource_type=obj.resource_type)
    # Both are required by HSDS, also when empty (a value set for the first time).
    data["previous_value"] = obj.previous_value
    data["replacement_value"] = obj.replacement_value
    _extra(data, obj)
    return data


# --- Many records ----------------------------------------------------------------------------


def serialize_all(
    objects: Sequence[_M],
    serialize: Callable[[_M, Batch], dict[str, Any]],
    *,
    embed: bool,
    confidential: frozenset[uuid.UUID] | None = None,
) -> list[dict[str, Any]]:
    """Serialise these (prefetched) objects as one batch."""
    if confidential is None:
        confidential = confidential_location_ids()
    batch = Batch(embed=embed, confidential=confidential)
    items = [serialize(obj, batch) for obj in objects]
    batch.finish()
    return items


def _chunks(rows: Iterator[_M], size: int) -> Iterator[list[_M]]:
    chunk: list[_M] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iter_serialized(
    queryset: QuerySet[_M],
    serialize: Callable[[_M, Batch], dict[str, Any]],
    *,
    confidential: frozenset[uuid.UUID],
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[dict[str, Any]]:
    """Every record of the queryset, a chunk at a time: the database cursor streams, the
    prefetches run per chunk, and only one chunk is in memory."""
    rows = queryset.iterator(chunk_size=chunk_size)
    for chunk in _chunks(rows, chunk_size):
        yield from serialize_all(chunk, serialize, embed=False, confidential=confidential)


def export_sections(
    chunk_size: int = CHUNK_SIZE,
) -> list[tuple[str, Iterator[dict[str, Any]]]]:
    """The export file's lists, in the order an import needs them."""
    confidential = confidential_location_ids()

    def rows(queryset: QuerySet[Any], serialize: Callable[..., dict[str, Any]]) -> Iterator[Any]:
        return iter_serialized(
            queryset.order_by("id"), serialize, confidential=confidential, chunk_size=chunk_size
        )

    return [
        ("taxonomies", rows(Taxonomy.objects.all(), taxonomy)),
        ("taxonomy_terms", rows(TaxonomyTerm.objects.all(), taxonomy_term)),
        (
            "organizations",
            rows(
                Organization.objects.prefetch_related(*organization_prefetches(locations=False)),
                organization,
            ),
        ),
        (
            "locations",
            rows(locations_queryset(), location),
        ),
        (
            "services",
            rows(Service.objects.prefetch_related(*service_prefetches(embed=False)), service),
        ),
    ]


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_export(out: Writable, *, chunk_size: int = CHUNK_SIZE) -> dict[str, int]:
    """The export file; see `directory.hsds.export.write_export`."""
    from directory.hsds.export import write_export as write

    return write(out, chunk_size=chunk_size)
