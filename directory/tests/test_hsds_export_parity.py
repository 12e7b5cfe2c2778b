"""The export file's fast writer (`directory.hsds.export`, row tuples and generated builders) gives
byte for byte what the API's serialisation of model instances (`serialize.export_sections`)
gives: the same keys in the same order, the same formatting of dates, times, decimals and floats,
the same privacy rule. On PostgreSQL and SQLite alike."""

import datetime
import decimal
import io
import json
from pathlib import Path

import orjson
import pytest
from django.utils import timezone

from directory.hsds import serialize
from directory.hsds.export import write_export
from directory.models import (
    Accessibility,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Metadata,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.tests.test_hsds_export import SmallDirectory, build_directory
from directory.tests.test_hsds_import import EXAMPLES, IMPORTABLE_EXAMPLES, run_import
from directory.vocabulary import PROFILE_URI
from geo.models import Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.parity]


def reference_export(chunk_size: int = serialize.CHUNK_SIZE) -> str:
    """The export file as model instances and `serialize` make it (the API's way)."""

    def encode(record: dict[str, object]) -> str:
        return orjson.dumps(record).decode()

    text = "{\n" + f'"version": {json.dumps(serialize.HSDS_VERSION)},\n'
    text += f'"profile": {json.dumps(PROFILE_URI)}'
    for key, records in serialize.export_sections(chunk_size):
        lines = [encode(record) for record in records]
        text += f',\n"{key}": [' + ("\n" + ",\n".join(lines) + "\n]" if lines else "]")
    return text + "\n}\n"


def export(chunk_size: int = serialize.CHUNK_SIZE) -> str:
    out = io.StringIO()
    write_export(out, chunk_size=chunk_size)
    return out.getvalue()


def add_odd_values(directory: SmallDirectory) -> None:
    """Values whose formatting or key order is easy to get wrong."""
    organization = Organization.objects.create(
        name="Zonder beschrijving", year_incorporated=1999, extra={"phones": "from extra"}
    )
    Organization.objects.filter(pk=organization.pk).update(parent_organization=None)
    child = Organization.objects.create(
        name="Dochter", parent_organization=directory.organization, is_informal=True
    )
    place = Location.objects.create(
        organization=child,
        name="Zonder wijk",
        latitude=52.1,
        longitude=4.000001,
        extra={"name": "not this one", "x_custom": [1, 2.5, "drie"]},
    )
    service = Service.objects.create(
        organization=child,
        name="Met uitzonderingen",
        minimum_age=0,
        maximum_age=None,
        assured_date=datetime.date(2024, 2, 29),
        waiting_weeks=0,
        extra={"funding": [{"id": "f", "source": "gemeente"}], "wait_time": "lang"},
    )
    at_place = ServiceAtLocation.objects.create(service=service, location=place)
    ServiceAtLocation.objects.create(
        service=service, location=directory.shelter, description="secret", extra={"a": 1}
    )
    Schedule.objects.create(
        service_at_location=at_place,
        opens_at=datetime.time(8, 15, 30, 250000),
        closes_at=datetime.time(17),
        timezone=1.5,
        valid_from=datetime.date(2025, 1, 1),
        closed_on_public_holidays=False,
        interval=0,
    )
    shared = Phone.objects.create(
        service=service, organization=child, number="06 1", extension=0, extra={"k": None}
    )
    Language.objects.create(phone=shared, name="Nederlands", code="nl")
    Language.objects.create(phone=shared, name="Engels", code="en", note="ook")
    Phone.objects.create(service=service, location=directory.shelter, number="geheim")
    Contact.objects.create(service_at_location=at_place, name="Balie")
    Contact.objects.create(service=service, location=directory.shelter, name="Geheim")
    CostOption.objects.create(service=service, amount=decimal.Decimal("12.50"), currency="EUR")
    CostOption.objects.create(service=service, amount=decimal.Decimal("7.00"))
    Accessibility.objects.create(location=place, details="drempelvrij", url="https://a.example")
    term = TaxonomyTerm.objects.order_by("id").first()
    assert term is not None
    Attribute.objects.create(
        link_id=shared.pk, link_entity="phone", taxonomy_term=term, value="x", link_type="t"
    )
    Attribute.objects.create(link_id=child.pk, link_entity="organization", taxonomy_term=term)
    Attribute.objects.create(
        link_id=directory.shelter.pk, link_entity="location", taxonomy_term=term
    )
    moment = timezone.now().replace(microsecond=0)
    for previous, replacement, when in (
        ("", "nieuw", moment),
        ("oud", "", moment - datetime.timedelta(days=1)),
        ("a", "b", moment.replace(microsecond=123456)),
    ):
        Metadata.objects.create(
            resource_id=service.pk,
            resource_type="service",
            last_action_date=when,
            last_action_type="update",
            field_name="name",
            previous_value=previous,
            replacement_value=replacement,
            updated_by="",
        )
    Taxonomy.objects.create(name="Leeg", description="", extra={"description": "no"})


@pytest.fixture
def directory(geography: Municipality) -> SmallDirectory:
    built = build_directory(geography)
    add_odd_values(built)
    return built


def test_the_export_is_the_api_serialisation_byte_for_byte(directory: SmallDirectory) -> None:
    assert export() == reference_export()


def test_it_is_the_same_in_chunks_of_one(directory: SmallDirectory) -> None:
    assert export(chunk_size=1) == reference_export(chunk_size=1)
    assert export(chunk_size=2) == export()


def test_the_official_examples_export_as_the_api_serialises_them(tmp_path: Path) -> None:
    run_import(*(EXAMPLES / name for name in IMPORTABLE_EXAMPLES))
    assert export() == reference_export()


def test_an_empty_directory(db: None) -> None:
    assert export() == reference_export()


@pytest.mark.django_db(transaction=True)
def test_worker_threads_write_the_same_file(geography: Municipality) -> None:
    """Outside a transaction, on PostgreSQL, chunks are made by threads with connections of their
    own; the file is the same, in order."""
    add_odd_values(build_directory(geography))
    expected = reference_export(chunk_size=1)
    out = io.StringIO()
    write_export(out, chunk_size=1, workers=2)
    assert out.getvalue() == expected
    assert export(chunk_size=3) == expected
