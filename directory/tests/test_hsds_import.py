"""import_hsds: the official examples, idempotent re-imports, and bad input that loses nothing."""

import copy
import datetime
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import User
from directory.hsds.importer import import_payload
from directory.models import (
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

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "hsds_examples"
IMPORTABLE_EXAMPLES = (
    "service_full.json",
    "organization_full.json",
    "service_at_location_full.json",
    "service_list.json",
    "organization_list.json",
    "service_at_location_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
    "location.json",
)
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
EXAMPLE_LOCATION = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
EXAMPLE_PHONE = "1554f2e2-a373-45db-a3fa-9fc48a61c15e"
EXAMPLE_TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
UNKNOWN_PARENT_TERM = "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2"
DIRECTORY_MODELS = (
    Service,
    Organization,
    Location,
    Address,
    ServiceAtLocation,
    Contact,
    Phone,
    Schedule,
    ScheduleException,
    ServiceArea,
    CostOption,
    Language,
    Taxonomy,
    TaxonomyTerm,
    Attribute,
    Metadata,
)


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://ontschot.test/{name}"))


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def run_import(*paths: Path, **options: Any) -> tuple[str, str]:
    """Run the command; return what it wrote to (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_hsds", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def failing_import(*paths: Path, **options: Any) -> tuple[str, str]:
    """Run the command, which must end in an error status; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_hsds", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, payload: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def organization_record(**fields: Any) -> dict[str, Any]:
    return {
        "id": uid("organization"),
        "name": "Buurtteam Noord",
        "description": "Helpt bewoners van Maastricht-Noord.",
        **fields,
    }


def service_record(name: str = "Schuldhulp", **fields: Any) -> dict[str, Any]:
    return {
        "id": uid(f"service:{name}"),
        "name": name,
        "status": "active",
        "organization": organization_record(),
        **fields,
    }


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DIRECTORY_MODELS}


# --- The official examples -------------------------------------------------------------------


@pytest.mark.parametrize("name", IMPORTABLE_EXAMPLES)
def test_it_imports_each_official_example(name: str) -> None:
    out, _err = run_import(EXAMPLES / name)
    assert "failed 0" in out


def test_it_imports_every_record_nested_in_the_service_example() -> None:
    run_import(EXAMPLES / "service_full.json")
    service = Service.objects.get(pk=EXAMPLE_SERVICE)
    assert service.name == "Community Counselling"
    assert service.organization_id == uuid.UUID(EXAMPLE_ORGANIZATION)
    assert service.assured_date == datetime.date(2005, 1, 1)
    assert service.service_at_locations.get().location_id == uuid.UUID(EXAMPLE_LOCATION)
    location = Location.objects.get(pk=EXAMPLE_LOCATION)
    assert location.addresses.get().address_1 == "1-30 Main Street"
    assert location.accessibility.count() == 1
    assert Schedule.objects.get().opens_at == datetime.time(10)
    assert CostOption.objects.get().amount == 35
    assert ServiceArea.objects.get().service == service
    assert Language.objects.get().code == "ur"


def test_one_phone_listed_in_several_places_is_one_row_linked_to_each() -> None:
    run_import(EXAMPLES / "service_full.json")
    phone = Phone.objects.get()
    assert str(phone.pk) == EXAMPLE_PHONE
    assert phone.service_id == uuid.UUID(EXAMPLE_SERVICE)
    assert phone.location_id == uuid.UUID(EXAMPLE_LOCATION)
    assert phone.organization_id == uuid.UUID(EXAMPLE_ORGANIZATION)
    assert phone.contact_id is not None
    assert phone.service_at_location_id is not None


def test_it_maps_attributes_to_taxonomy_terms_and_metadata_to_changes() -> None:
    run_import(EXAMPLES / "service_full.json")
    attribute = Attribute.objects.get()
    assert attribute.link_id == uuid.UUID(EXAMPLE_SERVICE)
    assert attribute.link_entity == "service"
    assert attribute.value == "value"
    term = attribute.taxonomy_term
    assert str(term.pk) == EXAMPLE_TERM
    assert term.taxonomy_ref == Taxonomy.objects.get(name="name")
    change = Metadata.objects.get()
    assert change.resource_id == uuid.UUID(EXAMPLE_SERVICE)
    assert change.replacement_value == "MyCity New Civic Center"


def test_it_keeps_hsds_fields_without_a_column_in_extra() -> None:
    run_import(EXAMPLES / "service_full.json")
    service = Service.objects.get()
    assert service.extra["wait_time"] == "wait_time"
    assert service.extra["licenses"] == "licences"
    assert service.extra["program"]["name"] == "Community Mental Health Support"
    assert service.extra["required_documents"][0]["uri"] == "http://example.com"
    organization = Organization.objects.get()
    assert organization.extra["organization_identifiers"][0]["identifier"] == "1234567"
    assert organization.extra["funding"][0]["id"] == "1f2df32c-bf08-4b8e-bd6f-e834014b19bc"
    assert "phones" not in service.extra


def test_last_modified_becomes_the_modification_time_of_the_service() -> None:
    run_import(EXAMPLES / "service_full.json")
    modified = datetime.datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=datetime.UTC)
    assert Service.objects.get().updated_at == modified


# --- Idempotent ------------------------------------------------------------------------------


def test_importing_the_examples_twice_duplicates_nothing() -> None:
    paths = [EXAMPLES / name for name in IMPORTABLE_EXAMPLES]
    run_import(*paths)
    counts = row_counts()
    out, _err = run_import(*paths)
    assert row_counts() == counts
    assert out.startswith(f"imported 0, updated {len(paths)}, failed 0")


def test_reimporting_a_changed_record_updates_it_in_place(tmp_path: Path) -> None:
    record = service_record(description="Eerst.")
    run_import(write(tmp_path, "one.json", record))
    record["description"] = "Daarna."
    record["organization"]["name"] = "Buurtteam Maastricht-Noord"
    out, _err = run_import(write(tmp_path, "two.json", record))
    assert out.startswith("imported 0, updated 1")
    assert Service.objects.get().description == "Daarna."
    assert Organization.objects.get().name == "Buurtteam Maastricht-Noord"


def test_children_no_longer_listed_are_deleted(tmp_path: Path) -> None:
    phones = [
        {"id": uid("phone:1"), "number": "043 111 11 11"},
        {"id": uid("phone:2"), "number": "043 222 22 22"},
    ]
    import_payload(service_record(phones=phones, schedules=[{"id": uid("schedule")}]))
    import_payload(service_record(phones=phones[1:], schedules=[]))
    assert list(Phone.objects.values_list("number", flat=True)) == ["043 222 22 22"]
    assert Schedule.objects.count() == 0


def test_a_child_another_record_still_holds_is_unlinked_not_deleted() -> None:
    phone = {"id": uid("phone"), "number": "043 111 11 11"}
    organization = organization_record(phones=[phone])
    import_payload(service_record(organization=organization, phones=[phone]))
    import_payload(service_record(phones=[]))
    kept = Phone.objects.get()
    assert kept.service is None
    assert kept.organization_id == uuid.UUID(organization["id"])


def test_a_location_dropped_by_its_organization_stays_while_a_service_uses_it() -> None:
    used = {"id": uid("location:used"), "location_type": "physical", "name": "Buurthuis"}
    unused = {"id": uid("location:unused"), "location_type": "physical", "name": "Oud kantoor"}
    organization = organization_record(locations=[used, unused])
    at_location = {"id": uid("sal"), "location_id": used["id"]}
    import_payload(service_record(organization=organization, service_at_locations=[at_location]))
    import_payload(organization_record(locations=[]))
    kept = Location.objects.get()
    assert kept.name == "Buurthuis"
    assert kept.organization is None
    assert ServiceAtLocation.objects.get().location == kept


def test_a_key_left_out_leaves_the_stored_value_alone() -> None:
    phones = [{"id": uid("phone"), "number": "043 111 11 11"}]
    import_payload(service_record(email="info@buurtteam.example", phones=phones))
    report = import_payload(service_record())
    assert report.updated == 1
    service = Service.objects.get()
    assert service.email == "info@buurtteam.example"
    assert service.phones.count() == 1


def test_a_basic_organization_does_not_wipe_what_a_full_one_brought() -> None:
    run_import(EXAMPLES / "organization_full.json")
    run_import(EXAMPLES / "organization_list.json")
    organization = Organization.objects.get()
    assert organization.extra["programs"][0]["name"] == "Community Mental Health Support"
    assert organization.locations.count() == 1


def test_change_history_written_by_editors_survives_a_reimport(editor: User) -> None:
    import_payload(service_record(metadata=[]))
    Metadata.objects.create(
        resource_id=uid("service:Schuldhulp"),
        resource_type="service",
        last_action_date=timezone.now(),
        last_action_type="update",
        field_name="name",
        updated_by="Koen Test",
        updated_by_user=editor,
    )
    import_payload(service_record(metadata=[]))
    assert Metadata.objects.filter(updated_by_user=editor).count() == 1


# --- The NL profile --------------------------------------------------------------------------


def test_it_reads_the_nl_profile_extensions() -> None:
    record = service_record(
        nl_referral_requirement="gp",
        nl_recognised_intervention=True,
        nl_is_informal=True,
        nl_capacity_status="waiting_list",
        nl_waiting_weeks=6,
        nl_last_verified_at="2026-01-05T09:00:00Z",
        nl_schedule_exceptions=[{"id": uid("carnaval"), "date": "2026-02-16", "closed": True}],
        contacts=[{"id": uid("contact"), "name": "Sanne", "nl_is_liaison": True}],
        schedules=[{"id": uid("schedule"), "nl_closed_on_public_holidays": False}],
        service_areas=[{"id": uid("area"), "nl_cbs_code": "GM0935"}],
    )
    report = import_payload(record)
    assert report.errors == []
    service = Service.objects.get()
    assert service.referral_requirement == "gp"
    assert service.recognised_intervention is True
    assert service.is_informal is True
    assert service.capacity_status == "waiting_list"
    assert service.waiting_weeks == 6
    assert service.last_verified_at == datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    assert service.schedule_exceptions.get().date.isoformat() == "2026-02-16"
    assert Contact.objects.get().is_liaison is True
    assert Schedule.objects.get().closed_on_public_holidays is False
    assert ServiceArea.objects.get().cbs_code == "GM0935"


def test_a_bad_nl_value_is_a_schema_error_with_its_field() -> None:
    report = import_payload(service_record(nl_capacity_status="vol"))
    assert report.failed == 1
    assert report.errors == [
        f"service {uid('service:Schuldhulp')}: nl_capacity_status: 'vol' is not one of "
        "['open', 'waiting_list', 'full']"
    ]


def test_the_placeholder_of_a_confidential_location_does_not_overwrite_it() -> None:
    location_id = uid("shelter")
    real = {
        "id": location_id,
        "location_type": "physical",
        "name": "Opvang De Schuilplaats",
        "nl_is_confidential": True,
        "addresses": [
            {
                "id": uid("address"),
                "address_1": "Geheimstraat 7",
                "city": "Maastricht",
                "state_province": "Limburg",
                "postal_code": "6211 XX",
                "country": "NL",
                "address_type": "physical",
            }
        ],
    }
    import_payload(real)
    placeholder = {
        "id": location_id,
        "location_type": "physical",
        "name": "Vertrouwelijke locatie",
        "nl_is_confidential": True,
    }
    import_payload(placeholder)
    location = Location.objects.get()
    assert location.name == "Opvang De Schuilplaats"
    assert location.addresses.get().address_1 == "Geheimstraat 7"


# --- Bad input -------------------------------------------------------------------------------


def test_a_schema_violation_is_reported_with_id_and_field_and_the_rest_is_imported(
    tmp_path: Path,
) -> None:
    good = service_record("Schuldhulp")
    bad = service_record("Maatjesproject", status="open")
    _out, err = failing_import(write(tmp_path, "services.json", [good, bad]))
    assert (
        f"service {bad['id']}: status: 'open' is not one of "
        "['active', 'inactive', 'defunct', 'temporarily closed']"
    ) in err
    assert list(Service.objects.values_list("name", flat=True)) == ["Schuldhulp"]


def test_the_summary_counts_and_the_exit_status_says_something_failed(tmp_path: Path) -> None:
    payload = [service_record("Schuldhulp"), service_record("Maatjesproject", status="open")]
    out, _err = failing_import(write(tmp_path, "services.json", payload))
    assert out.strip() == "imported 1, updated 0, failed 1"


def test_a_nested_field_error_names_its_path(tmp_path: Path) -> None:
    record = service_record(phones=[{"id": "not-a-uuid", "number": "043"}])
    _out, err = failing_import(write(tmp_path, "service.json", record))
    assert f"service {record['id']}: phones[0].id: 'not-a-uuid' is not a 'uuid'" in err


def test_bad_json_is_reported_per_file_and_the_other_files_still_import(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "name": ', encoding="utf-8")
    good = write(tmp_path, "good.json", service_record())
    out, err = failing_import(broken, good)
    assert f"{broken}: is not valid JSON: Expecting value (line 1, column 21)" in err
    assert "unreadable files 1" in out
    assert Service.objects.count() == 1


def test_a_missing_file_is_reported_and_the_other_files_still_import(tmp_path: Path) -> None:
    _out, err = failing_import(tmp_path / "missing.json", EXAMPLES / "taxonomy.json")
    assert "missing.json: cannot be read: No such file or directory" in err
    assert Taxonomy.objects.count() == 1


def test_a_reference_to_an_unknown_location_fails_only_that_record(tmp_path: Path) -> None:
    unknown = uid("nowhere")
    stray = {"id": uid("sal"), "service_id": uid("service:Schuldhulp"), "location_id": unknown}
    path = write(tmp_path, "payload.json", [service_record(), stray])
    _out, err = failing_import(path)
    assert (
        f"service_at_location {stray['id']}: location_id: location {unknown} is neither in this "
        "payload nor in the directory"
    ) in err
    assert Service.objects.count() == 1
    assert ServiceAtLocation.objects.count() == 0


def test_a_reference_later_in_the_same_payload_resolves(tmp_path: Path) -> None:
    location = {"id": uid("location"), "location_type": "physical", "name": "Buurthuis"}
    link = {
        "id": uid("sal"),
        "service_id": uid("service:Schuldhulp"),
        "location_id": location["id"],
    }
    child = {"id": uid("term:child"), "name": "Kind", "description": "-", "parent_id": uid("term")}
    parent = {"id": uid("term"), "name": "Ouder", "description": "-", "code": "ouder"}
    out, _err = run_import(
        write(tmp_path, "payload.json", [link, location, child, service_record(), parent])
    )
    assert out.strip() == "imported 5, updated 0, failed 0"
    assert ServiceAtLocation.objects.get().location.name == "Buurthuis"
    assert TaxonomyTerm.objects.get(name="Kind").parent == TaxonomyTerm.objects.get(name="Ouder")


def test_a_duplicate_id_fails_the_later_record(tmp_path: Path) -> None:
    first = service_record(description="De eerste.")
    second = copy.deepcopy(first) | {"description": "De tweede."}
    _out, err = failing_import(write(tmp_path, "payload.json", [first, second]))
    assert f"service {first['id']}: id: duplicate: record #1 has the same id" in err
    assert Service.objects.get().description == "De eerste."


def test_a_record_that_fails_halfway_leaves_nothing_behind(tmp_path: Path) -> None:
    # The organisation and the first phone are written before the bad date is met.
    record = service_record(
        phones=[{"id": uid("phone"), "number": "043 111 11 11"}],
        cost_options=[{"id": uid("cost"), "valid_from": "gisteren"}],
    )
    _out, err = failing_import(write(tmp_path, "service.json", record))
    assert (
        f"service {record['id']}: cost_options[0].valid_from: 'gisteren' is not a date (YYYY-MM-DD)"
    ) in err
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_value_too_long_for_its_column_is_a_field_error(tmp_path: Path) -> None:
    record = service_record(name="x" * 300)
    _out, err = failing_import(write(tmp_path, "service.json", record))
    assert f"service {record['id']}: name: Ensure this value has at most 255 characters" in err


def test_a_new_service_needs_its_organization(tmp_path: Path) -> None:
    record = {"id": uid("orphan"), "name": "Wees", "status": "active"}
    _out, err = failing_import(write(tmp_path, "service.json", record))
    assert f"service {record['id']}: organization_id: a new service needs its organization" in err


def test_a_record_of_unknown_kind_asks_for_type(tmp_path: Path) -> None:
    record = {"id": uid("mystery"), "description": "Wat ben ik?"}
    _out, err = failing_import(write(tmp_path, "record.json", record))
    assert "cannot tell which kind of HSDS record this is; give --type" in err


def test_type_names_the_kind_when_the_keys_do_not(tmp_path: Path) -> None:
    taxonomy = {"id": uid("taxonomy"), "name": "Levensdomein", "description": "Waarover."}
    run_import(write(tmp_path, "taxonomy.json", taxonomy), type="taxonomy")
    assert Taxonomy.objects.get().name == "Levensdomein"


# --- Parents ---------------------------------------------------------------------------------


def test_an_unknown_parent_is_kept_with_a_warning() -> None:
    out, err = run_import(EXAMPLES / "taxonomy_term.json")
    assert out.strip() == "imported 1, updated 0, failed 0, warnings 1"
    assert (
        f"warning: taxonomy_term {EXAMPLE_TERM}: parent_id: taxonomy term {UNKNOWN_PARENT_TERM}"
        " is not in the directory; kept, to be linked when it arrives"
    ) in err
    assert TaxonomyTerm.objects.get().extra == {"parent_id": UNKNOWN_PARENT_TERM}


def test_strict_makes_an_unknown_parent_an_error() -> None:
    _out, err = failing_import(EXAMPLES / "taxonomy_term.json", strict=True)
    assert f"taxonomy_term {EXAMPLE_TERM}: parent_id: taxonomy term {UNKNOWN_PARENT_TERM}" in err
    assert TaxonomyTerm.objects.count() == 0


def test_a_parent_that_arrives_later_is_linked(tmp_path: Path) -> None:
    parent = {"id": UNKNOWN_PARENT_TERM, "code": "ouder", "name": "Ouder", "description": "-"}
    run_import(EXAMPLES / "taxonomy_term.json", write(tmp_path, "parent.json", parent))
    term = TaxonomyTerm.objects.get(pk=EXAMPLE_TERM)
    assert term.parent_id == uuid.UUID(UNKNOWN_PARENT_TERM)
    assert term.extra == {}


# --- The command -----------------------------------------------------------------------------


def test_it_shows_a_progress_bar_per_file() -> None:
    _out, err = run_import(EXAMPLES / "service_list.json")
    assert "service_list.json: 100%" in err


def test_imported_services_are_found_by_the_directory_search(tmp_path: Path) -> None:
    run_import(write(tmp_path, "service.json", service_record(description="Hulp bij schulden.")))
    assert " schuld" in Service.objects.get().search_document
