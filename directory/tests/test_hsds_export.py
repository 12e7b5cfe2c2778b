"""export_hsds: valid HSDS, the whole directory once, a lossless round trip, no confidential
address, and a fixed number of queries however many services there are."""

import datetime
import decimal
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import indexing
from directory.hsds.importer import parse_json
from directory.hsds.validation import record_problems
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
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
from directory.tests.test_hsds_import import EXAMPLES, IMPORTABLE_EXAMPLES, run_import
from directory.vocabulary import LIFE_DOMAIN, TARGET_GROUP, ensure_vocabulary
from geo.models import Municipality, PostcodeArea

pytestmark = pytest.mark.django_db

# What the shelter's record holds and no public answer may show.
SHELTER_SECRETS = (
    "Blijf-van-mijn-lijfhuis",
    "Geheimstraat",
    "6211 XX",
    "50.8512345",
    "5.6912345",
    "043 999 88 77",
    "Intake Opvang",
    "opvang@example.nl",
    "Achter de kerk",
)
EXPORT_KINDS = {
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organizations": "organization",
    "locations": "location",
    "services": "service",
}


@dataclass
class SmallDirectory:
    organization: Organization
    service: Service
    inactive: Service
    elsewhere: Service
    public_location: Location
    shelter: Location
    centre: PostcodeArea


def build_directory(municipality: Municipality) -> SmallDirectory:
    """A welfare organisation in Maastricht: debt help at a community centre and at a shelter
    whose address is confidential, plus an inactive service and one for Amsterdam only."""
    terms = ensure_vocabulary()
    centre = PostcodeArea.objects.select_related("district").get(pc4="6211")
    organization = Organization.objects.create(
        name="Trajekt",
        description="Welzijnswerk in Maastricht.",
        email="info@trajekt.example",
        website="https://trajekt.example",
        extra={"tax_status": "ANBI"},
    )
    public_location = Location.objects.create(
        organization=organization,
        name="Buurthuis Malberg",
        latitude=centre.latitude + 0.001,
        longitude=centre.longitude,
        district=centre.district,
    )
    Address.objects.create(
        location=public_location,
        address_1="Malbergsingel 1",
        city="Maastricht",
        state_province="Limburg",
        postal_code="6211 AA",
    )
    Phone.objects.create(location=public_location, number="043 111 22 33")
    Accessibility.objects.create(location=public_location, description="Rolstoeltoegankelijk.")
    shelter = Location.objects.create(
        organization=organization,
        name="Blijf-van-mijn-lijfhuis Maastricht",
        description="Achter de kerk.",
        latitude=50.8512345,
        longitude=5.6912345,
        district=centre.district,
        is_confidential=True,
    )
    Address.objects.create(
        location=shelter,
        address_1="Geheimstraat 7",
        city="Maastricht",
        state_province="Limburg",
        postal_code="6211 XX",
    )
    Phone.objects.create(location=shelter, number="043 999 88 77")
    intake = Contact.objects.create(
        location=shelter, name="Intake Opvang", email="opvang@example.nl"
    )
    Metadata.objects.create(
        resource_id=shelter.pk,
        resource_type="location",
        last_action_date=timezone.now(),
        last_action_type="update",
        field_name="address_1",
        previous_value="Geheimstraat 5",
        replacement_value="Geheimstraat 7",
        updated_by="Koen Test",
    )

    service = Service.objects.create(
        organization=organization,
        name="Schuldhulp",
        description="Hulp bij schulden en geldzorgen.",
        referral_requirement="gp",
        referral_note="Verwijsbrief van de huisarts.",
        recognised_intervention=True,
        capacity_status="waiting_list",
        waiting_weeks=3,
        capacity_updated_at=timezone.now(),
        last_verified_at=timezone.now(),
        minimum_age=18,
    )
    ServiceAtLocation.objects.create(
        service=service, location=public_location, description="Spreekuur op dinsdag."
    )
    ServiceAtLocation.objects.create(
        service=service, location=shelter, description="Ook in de opvang aan de Geheimstraat."
    )
    # The shelter's intake is also listed with the service: it stays out anyway.
    intake.service = service
    intake.save()
    liaison = Contact.objects.create(
        service=service,
        name="Sanne Jacobs",
        title="schuldhulpverlener",
        is_liaison=True,
        reachable="ma–vr 9–17 uur",
    )
    Phone.objects.create(contact=liaison, service=service, number="043 350 12 34")
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="TU",
        opens_at=datetime.time(9),
        closes_at=datetime.time(12, 30),
        closed_on_public_holidays=True,
    )
    ScheduleException.objects.create(
        service=service, date=datetime.date(2026, 2, 17), closed=True, note="Carnaval"
    )
    ServiceArea.objects.create(service=service, name="Maastricht", cbs_code=municipality.code)
    CostOption.objects.create(service=service, option="Gratis", amount=decimal.Decimal("0.00"))
    for taxonomy, code in ((LIFE_DOMAIN, "money_debts"), (TARGET_GROUP, "adults")):
        Attribute.objects.create(
            link_id=service.pk, link_entity="service", taxonomy_term=terms[taxonomy][code]
        )
    Metadata.objects.create(
        resource_id=service.pk,
        resource_type="service",
        last_action_date=timezone.now(),
        last_action_type="update",
        field_name="name",
        previous_value="Schuldhulpverlening",
        replacement_value="Schuldhulp",
        updated_by="Koen Test",
    )
    inactive = Service.objects.create(
        organization=organization, name="Oude cursus", status=Service.Status.INACTIVE
    )
    elsewhere = Service.objects.create(organization=organization, name="Amsterdams maatje")
    ServiceArea.objects.create(service=elsewhere, name="Amsterdam", cbs_code="GM0363")
    indexing.reindex(Service.objects.all())
    return SmallDirectory(
        organization=organization,
        service=Service.objects.get(pk=service.pk),
        inactive=inactive,
        elsewhere=elsewhere,
        public_location=public_location,
        shelter=shelter,
        centre=centre,
    )


@pytest.fixture
def small_directory(geography: Municipality) -> SmallDirectory:
    return build_directory(geography)


def export_text(**options: Any) -> str:
    out = io.StringIO()
    call_command("export_hsds", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def empty_the_directory() -> None:
    for model in (Service, Location, Organization, Attribute, Metadata, TaxonomyTerm, Taxonomy):
        model.objects.all().delete()


def round_trip(tmp_path: Path) -> tuple[str, str]:
    first = export_text()
    empty_the_directory()
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    run_import(path)
    return first, export_text()


def test_every_exported_record_validates_against_the_official_schemas(
    small_directory: SmallDirectory,
) -> None:
    exported = json.loads(export_text())
    for key, kind in EXPORT_KINDS.items():
        for record in exported[key]:
            assert record_problems(kind, record, profile=False) == []
            assert record_problems(kind, record, profile=True) == []


def test_the_export_names_the_hsds_version_and_profile(small_directory: SmallDirectory) -> None:
    exported = json.loads(export_text())
    assert exported["version"] == "3.0"
    assert exported["profile"] == "https://ontschot.example/hsds-nl-profile"


def test_it_exports_the_whole_directory_each_record_once(small_directory: SmallDirectory) -> None:
    exported = json.loads(export_text())
    assert [s["name"] for s in exported["services"]] == sorted(
        ["Schuldhulp", "Oude cursus", "Amsterdams maatje"],
        key=lambda name: Service.objects.get(name=name).pk,
    )
    assert len(exported["organizations"]) == 1
    assert len(exported["locations"]) == 2
    assert len(exported["taxonomies"]) == Taxonomy.objects.count()
    assert len(exported["taxonomy_terms"]) == TaxonomyTerm.objects.count()


def test_a_service_refers_to_its_organization_and_locations_by_id(
    small_directory: SmallDirectory,
) -> None:
    exported = json.loads(export_text())
    service = next(s for s in exported["services"] if s["name"] == "Schuldhulp")
    assert service["organization_id"] == str(small_directory.organization.pk)
    assert "organization" not in service
    located = {sal["location_id"] for sal in service["service_at_locations"]}
    assert located == {str(small_directory.public_location.pk), str(small_directory.shelter.pk)}
    assert all("location" not in sal for sal in service["service_at_locations"])


def test_the_nl_profile_is_exported_as_nl_properties(small_directory: SmallDirectory) -> None:
    exported = json.loads(export_text())
    service = next(s for s in exported["services"] if s["name"] == "Schuldhulp")
    assert service["nl_referral_requirement"] == "gp"
    assert service["nl_referral_note"] == "Verwijsbrief van de huisarts."
    assert service["nl_recognised_intervention"] is True
    assert service["nl_capacity_status"] == "waiting_list"
    assert service["nl_waiting_weeks"] == 3
    assert service["nl_schedule_exceptions"] == [
        {
            "id": str(ScheduleException.objects.get().pk),
            "date": "2026-02-17",
            "closed": True,
            "note": "Carnaval",
        }
    ]
    liaison = next(c for c in service["contacts"] if c["name"] == "Sanne Jacobs")
    assert liaison["nl_is_liaison"] is True
    assert liaison["nl_reachable"] == "ma–vr 9–17 uur"
    assert service["schedules"][0]["nl_closed_on_public_holidays"] is True
    assert service["service_areas"][0]["nl_cbs_code"] == "GM0935"
    public = next(loc for loc in exported["locations"] if not loc["nl_is_confidential"])
    assert public["nl_district"] == small_directory.centre.district.code  # type: ignore[union-attr]


def test_attributes_and_change_history_come_with_their_record(
    small_directory: SmallDirectory,
) -> None:
    exported = json.loads(export_text())
    service = next(s for s in exported["services"] if s["name"] == "Schuldhulp")
    codes = {
        TaxonomyTerm.objects.get(pk=attribute["taxonomy_term_id"]).code
        for attribute in service["attributes"]
    }
    assert codes == {"life_domain:money_debts", "target_group:adults"}
    assert service["metadata"][0]["previous_value"] == "Schuldhulpverlening"


def test_export_import_export_gives_the_same_file(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    first, second = round_trip(tmp_path)
    assert second == first


def test_the_official_examples_survive_the_round_trip(tmp_path: Path) -> None:
    run_import(*(EXAMPLES / name for name in IMPORTABLE_EXAMPLES))
    first, second = round_trip(tmp_path)
    assert second == first
    service = json.loads(second)["services"][0]
    assert service["wait_time"] == "wait_time"
    assert service["funding"][0]["id"] == "1f2df32c-bf08-4b8e-bd6f-e834014b19bc"


def test_a_confidential_address_never_appears_in_the_export(
    small_directory: SmallDirectory,
) -> None:
    text = export_text()
    for secret in SHELTER_SECRETS:
        assert secret not in text
    shelter = next(
        loc for loc in json.loads(text)["locations"] if loc["id"] == str(small_directory.shelter.pk)
    )
    assert shelter == {
        "id": str(small_directory.shelter.pk),
        "location_type": "physical",
        "name": "Vertrouwelijke locatie",
        "nl_is_confidential": True,
    }


def test_a_service_at_a_confidential_location_is_only_the_link(
    small_directory: SmallDirectory,
) -> None:
    exported = json.loads(export_text())
    service = next(s for s in exported["services"] if s["name"] == "Schuldhulp")
    at_shelter = next(
        sal
        for sal in service["service_at_locations"]
        if sal["location_id"] == str(small_directory.shelter.pk)
    )
    assert set(at_shelter) == {"id", "service_id", "location_id"}


def test_it_exports_in_a_fixed_number_of_queries_however_many_services(
    small_directory: SmallDirectory,
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export_text(chunk_size=1000)
        return len(captured)

    before = queries()
    for number in range(20):
        copy = Service.objects.create(organization=small_directory.organization, name=f"S{number}")
        Phone.objects.create(service=copy, number="043 000 00 00")
        Schedule.objects.create(service=copy, freq="WEEKLY", byday="MO")
        ServiceAtLocation.objects.create(service=copy, location=small_directory.public_location)
    assert queries() == before


def test_it_streams_in_chunks(small_directory: SmallDirectory) -> None:
    assert json.loads(export_text(chunk_size=1)) == json.loads(export_text())


def test_it_writes_to_a_file_and_says_what_it_wrote(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    path = tmp_path / "directory.json"
    out = io.StringIO()
    call_command("export_hsds", output=str(path), stdout=out)
    assert out.getvalue().startswith("exported 3 taxonomies, ")
    assert "3 services" in out.getvalue()
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(export_text())


def test_an_export_file_is_read_a_line_at_a_time_so_a_broken_line_fails_alone(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    lines = export_text().splitlines()
    broken = next(n for n, line in enumerate(lines) if '"name":"Oude cursus"' in line)
    lines[broken] = lines[broken][:40]
    empty_the_directory()
    path = tmp_path / "export.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"service (line {broken + 1}): is not valid JSON: " in err.getvalue()
    assert sorted(Service.objects.values_list("name", flat=True)) == [
        "Amsterdams maatje",
        "Schuldhulp",
    ]


def test_a_line_that_is_not_utf8_fails_alone(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    lines = [line.encode() for line in export_text().splitlines()]
    broken = next(n for n, line in enumerate(lines) if b'"name":"Oude cursus"' in line)
    lines[broken] = lines[broken].replace(b"Oude", b"Oud\xff")
    empty_the_directory()
    path = tmp_path / "export.json"
    path.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(CommandError):
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"service (line {broken + 1}): is not UTF-8 text" in err.getvalue()
    assert Service.objects.count() == 2


def test_export_lines_are_stripped_as_text(small_directory: SmallDirectory, tmp_path: Path) -> None:
    """Lines are read as bytes; white space that only `str.strip` strips still goes."""
    lines = export_text().splitlines()
    record = next(n for n, line in enumerate(lines) if '"name":"Oude cursus"' in line)
    lines[record] = "\u00a0" + lines[record] + "\u2003"
    empty_the_directory()
    path = tmp_path / "export.json"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Service.objects.count() == 3


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "a", "n": [1.5, -0.0, 1e-7, "\\u00e9\\ud83d\\ude00"], "a": 1, "a": 2}',
        '{"big": 123456789012345678901234567890, "low": -9223372036854775809}',
        '{"small": 9223372036854775807, "u64": 18446744073709551615}',
        '{"n": NaN, "i": -Infinity, "s": "\\ud800"}',
        "[1e400]",
    ],
)
def test_parse_json_reads_what_json_reads(text: str) -> None:
    parsed = parse_json(text.encode())
    expected = json.loads(text)
    assert repr(parsed) == repr(expected)


@pytest.mark.parametrize("text", ['{"id": "x", "name": ', '{"a": 1} x', '{"naam": "é",}'])
def test_parse_json_fails_with_the_json_module_s_message(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as found:
        parse_json(text.encode())
    assert (found.value.msg, found.value.colno) == (expected.value.msg, expected.value.colno)


def test_a_record_twice_in_an_export_file_fails_the_second_time(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    lines = export_text().splitlines()
    first = next(n for n, line in enumerate(lines) if '"name":"Oude cursus"' in line)
    lines.insert(first + 1, lines[first].rstrip(",") + ",")
    path = tmp_path / "export.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    service = small_directory.inactive.pk
    assert f"service {service}: id: duplicate: line {first + 1} has the same id" in err.getvalue()


def test_an_organization_without_description_is_exported_valid_and_comes_back(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    Organization.objects.create(name="Zonder beschrijving")
    exported = json.loads(export_text())
    record = next(o for o in exported["organizations"] if o["name"] == "Zonder beschrijving")
    assert record["description"] == ""
    assert record_problems("organization", record, profile=False) == []
    first, second = round_trip(tmp_path)
    assert second == first


def test_importing_an_export_file_costs_queries_per_batch_not_per_service(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    def import_queries() -> int:
        text = export_text()
        empty_the_directory()
        path = tmp_path / "export.json"
        path.write_text(text, encoding="utf-8")
        with CaptureQueriesContext(connection) as captured:
            run_import(path)
        return len(captured)

    before = import_queries()
    for number in range(20):
        copy = Service.objects.create(organization=small_directory.organization, name=f"S{number}")
        Phone.objects.create(service=copy, number="043 000 00 00")
        Schedule.objects.create(service=copy, freq="WEEKLY", byday="MO")
        ServiceAtLocation.objects.create(service=copy, location=small_directory.public_location)
    assert import_queries() <= before + 10


def test_importing_the_same_export_twice_updates_and_duplicates_nothing(
    small_directory: SmallDirectory, tmp_path: Path
) -> None:
    first = export_text()
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    counts = [model.objects.count() for model in (Service, Phone, Contact, ServiceAtLocation)]
    out, _err = run_import(path)
    assert "imported 0," in out
    assert [
        model.objects.count() for model in (Service, Phone, Contact, ServiceAtLocation)
    ] == counts
    assert export_text() == first
