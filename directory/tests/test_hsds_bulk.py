"""The batch path of import_hsds (`directory.hsds.bulk`: rows planned in column order, written with
COPY, the search index made from the rows) leaves the directory exactly as the record-by-record
`Writer` does, awkward records included, and leaves to the Writer what it is not sure about. On
PostgreSQL and SQLite alike."""

import copy
import datetime
import decimal
import re
import unicodedata
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import translation

from accounts.models import User
from directory import indexing
from directory.hsds import bulk
from directory.hsds.importer import (
    Importer,
    RecordInvalid,
    convert,
    in_import_order,
    records_in,
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
    SearchToken,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.tests.test_hsds_import import IMPORTABLE_EXAMPLES, example, uid
from geo.models import Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.parity]

MODELS: tuple[type[models.Model], ...] = (
    Taxonomy,
    TaxonomyTerm,
    Organization,
    Location,
    Address,
    Accessibility,
    Service,
    ServiceAtLocation,
    Contact,
    Phone,
    Schedule,
    ScheduleException,
    ServiceArea,
    CostOption,
    Language,
    Attribute,
    Metadata,
)
TERMS = {"debts": uid("term:debts"), "adults": uid("term:adults")}


# --- The two paths ---------------------------------------------------------------------------


class CountingImporter(Importer):
    """An Importer that notes the kind of every record it leaves to the Writer."""

    def __init__(self) -> None:
        super().__init__()
        self.by_writer: list[str] = []

    def _write_one(self, record: Any) -> list[str]:
        self.by_writer.append(record.entity)
        return super()._write_one(record)


def through_batches(*payloads: Any) -> CountingImporter:
    importer = CountingImporter()
    with translation.override("en"):  # as import_hsds
        for payload in payloads:
            importer.import_batch(in_import_order(records_in(payload)))
        importer.finish()
    return importer


def through_writer(*payloads: Any) -> Importer:
    importer = Importer()
    with translation.override("en"):
        for payload in payloads:
            for record in in_import_order(records_in(payload)):
                importer.import_record(record)
        importer.finish()
    return importer


def state() -> dict[str, Any]:
    """Every directory row (but its creation and modification times), the search index with its
    tokens as a set (their order follows the order rows are read in), the token table."""
    rows: dict[str, Any] = {}
    for model in MODELS:
        found = {}
        for stored in model._default_manager.order_by("pk").values():
            values: dict[str, Any] = dict(stored)
            values.pop("created_at", None)
            values.pop("updated_at", None)
            if model is Service:
                values["search_document"] = set(values["search_document"].split())
            found[str(values["id"])] = values
        rows[model.__name__] = found
    rows["tokens"] = set(SearchToken.objects.values_list("token", flat=True))
    return rows


def empty_the_directory() -> None:
    for model in reversed(MODELS):
        model._default_manager.all().delete()
    SearchToken.objects.all().delete()


def same_either_way(
    *payloads: Any, before: tuple[Any, ...] = (), setup: Any = None
) -> tuple[dict[str, Any], CountingImporter]:
    """Import `before` (record by record), then `payloads` through the batches; start again and
    import them through the Writer; the directory and the report must be the same. Returns the
    state and the batch importer."""
    if setup:
        setup()
    through_writer(*before)
    batches = through_batches(*payloads)
    after_batches = state()
    empty_the_directory()
    if setup:
        setup()
    through_writer(*before)
    writer = through_writer(*payloads)
    assert state() == after_batches
    assert batches.report == writer.report
    return after_batches, batches


# --- Records ---------------------------------------------------------------------------------


def taxonomy() -> dict[str, Any]:
    return {
        "id": uid("taxonomy"),
        "name": "Levensdomein",
        "description": "Waar de hulp over gaat.",
        "version": "1",
    }


def term(name: str, code: str) -> dict[str, Any]:
    return {
        "id": TERMS[name],
        "code": code,
        "name": name.title(),
        "description": "-",
        "taxonomy_id": uid("taxonomy"),
    }


def vocabulary() -> list[dict[str, Any]]:
    return [
        taxonomy(),
        term("debts", "life_domain:money_debts"),
        term("adults", "target_group:adults"),
    ]


def organization(name: str = "Buurtteam Noord", **fields: Any) -> dict[str, Any]:
    return {
        "id": uid(f"organization:{name}"),
        "name": name,
        "description": "Helpt bewoners.",
        **fields,
    }


def location(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": uid(f"location:{name}"),
        "organization_id": uid("organization:Buurtteam Noord"),
        "location_type": "physical",
        "name": name,
        **fields,
    }


def service(name: str = "Schuldhulp", **fields: Any) -> dict[str, Any]:
    return {
        "id": uid(f"service:{name}"),
        "organization_id": uid("organization:Buurtteam Noord"),
        "name": name,
        "status": "active",
        **fields,
    }


def attribute(service_name: str, term_name: str) -> dict[str, Any]:
    return {
        "id": uid(f"attribute:{service_name}:{term_name}"),
        "taxonomy_term_id": TERMS[term_name],
        "link_entity": "service",
        "link_type": "nl_profile",
    }


def at(service_name: str, location_name: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": uid(f"sal:{service_name}:{location_name}"),
        "location_id": uid(f"location:{location_name}"),
        **fields,
    }


BASE = [*vocabulary(), organization()]


# --- The same outcome ------------------------------------------------------------------------


def test_the_official_examples_land_as_with_the_writer() -> None:
    same_either_way(*(example(name) for name in IMPORTABLE_EXAMPLES))


def test_a_full_service_lands_as_with_the_writer() -> None:
    phone = {"id": uid("phone"), "number": "043 111 11 11", "extension": 12}
    record = service(
        description="Hulp bij schulden en geldzorgen.",
        email="info@buurtteam.example",
        url="https://buurtteam.example/schulden",
        minimum_age=18,
        assured_date="2024-02-29",
        last_modified="2026-01-05T09:00:00Z",
        nl_referral_requirement="gp",
        nl_waiting_weeks=None,
        nl_last_verified_at="2026-01-05T09:00:00+01:00",
        x_source={"name": "Geldzaken"},  # no column: kept in extra
        phones=[phone],
        # The same phone once more, now also the contact's: one row, linked to both.
        contacts=[
            {"id": uid("contact"), "name": "Sanne", "nl_is_liaison": True, "phones": [phone]}
        ],
        schedules=[
            {
                "id": uid("schedule"),
                "freq": "WEEKLY",
                "byday": "TU",
                "opens_at": "09:00",
                "closes_at": "12:30:00",
                "timezone": 1,
            }
        ],
        cost_options=[{"id": uid("cost"), "option": "Gratis", "amount": 0, "currency": "EUR"}],
        service_areas=[{"id": uid("area"), "name": "Maastricht", "nl_cbs_code": "GM0935"}],
        languages=[{"id": uid("language"), "name": "Nederlands", "code": "nl"}],
        nl_schedule_exceptions=[{"id": uid("carnaval"), "date": "2026-02-16", "closed": True}],
        attributes=[attribute("Schuldhulp", "debts"), attribute("Schuldhulp", "adults")],
        metadata=[
            {
                "id": uid("change"),
                "last_action_date": "2026-01-05",
                "last_action_type": "update",
                "field_name": "name",
                "previous_value": "Schuldhulpverlening",
                "replacement_value": "Schuldhulp",
                "updated_by": "Koen",
            }
        ],
    )
    after, importer = same_either_way([record], before=(BASE,))
    assert importer.report.errors == []
    assert importer.by_writer == []  # the batch handled it all
    row = after["Service"][record["id"]]
    assert row["facet_mask"] != 0
    assert row["extra"] == {"x_source": {"name": "Geldzaken"}}
    phone_row = after["Phone"][phone["id"]]
    assert phone_row["service_id"] == uuid.UUID(record["id"])
    assert phone_row["contact_id"] == uuid.UUID(uid("contact"))
    assert Service.objects.get().updated_at == datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)


def full_service() -> dict[str, Any]:
    return service(
        description="Hulp bij schulden.",
        minimum_age=18,
        nl_recognised_intervention=True,
        nl_waiting_weeks=3,
        last_modified="2026-01-05T09:00:00Z",
        x_source={"name": "Geldzaken"},
        phones=[{"id": uid("phone"), "number": "043 111 11 11", "extension": 12}],
        schedules=[{"id": uid("schedule"), "freq": "WEEKLY", "opens_at": "09:00"}],
        cost_options=[{"id": uid("cost"), "option": "Gratis", "amount": 0}],
        attributes=[attribute("Schuldhulp", "debts")],
    )


def test_records_of_shapes_beyond_the_compiled_ones_land_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk, "MAX_SHAPES", 0)
    for entity in bulk.MODELS:
        monkeypatch.setattr(bulk.table(entity), "shapes", {})
    _after, importer = same_either_way([full_service()], before=(BASE,))
    assert importer.by_writer == []
    assert all(bulk.table(entity).shapes == {} for entity in bulk.MODELS)


def test_a_new_row_whose_shape_leaves_a_required_column_empty_goes_to_the_writer() -> None:
    through_writer(BASE)
    phone = {"id": uid("phone"), "extension": 12}  # no number
    assert bulk.table("phone").shape(tuple(phone)).new_passes is False  # type: ignore[union-attr]
    assert bulk.prepare_batch("service", [service(phones=[phone])]).unsure == [0]
    assert bulk.prepare_batch("service", [full_service()]).unsure == []


def test_a_key_left_out_keeps_the_stored_value_and_extra_keys_merge() -> None:
    first = service(email="info@buurtteam.example", wait_time="een week", phones=[])
    again = service(description="Nu met beschrijving.", fees="geen")
    after, importer = same_either_way([again], before=(BASE, [first]))
    assert importer.by_writer == []
    row = after["Service"][first["id"]]
    assert row["email"] == "info@buurtteam.example"
    assert row["extra"] == {"wait_time": "een week", "fees": "geen"}


def test_ids_in_capitals_are_the_same_ids() -> None:
    record = service(phones=[{"id": uid("phone").upper(), "number": "043 111 11 11"}])
    shouting = copy.deepcopy(record) | {"id": record["id"].upper()}
    shouting["organization_id"] = shouting["organization_id"].upper()
    after, importer = same_either_way([shouting], [record], before=(BASE,))
    assert importer.by_writer == []
    assert list(after["Service"]) == [record["id"]]
    assert (importer.report.created, importer.report.updated) == (1, 1)


def test_children_no_longer_listed_are_deleted_or_unlinked() -> None:
    held = {"id": uid("phone:held"), "number": "043 111 11 11"}
    own = {"id": uid("phone:own"), "number": "043 222 22 22"}
    before = (BASE[:-1], [organization(phones=[held]), service(phones=[held, own])])
    after, importer = same_either_way([service(phones=[])], before=before)
    assert importer.by_writer == []
    assert list(after["Phone"]) == [held["id"]]
    assert after["Phone"][held["id"]]["service_id"] is None


def test_change_history_written_by_an_editor_stays(editor: User) -> None:
    def setup() -> None:
        Metadata.objects.create(
            id=uid("change:editor"),
            resource_id=uid("service:Schuldhulp"),
            resource_type="service",
            last_action_date=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC),
            last_action_type="update",
            field_name="name",
            updated_by="Koen Test",
            updated_by_user=editor,
        )

    after, _importer = same_either_way([service(metadata=[])], before=(BASE,), setup=setup)
    assert len(after["Metadata"]) == 1


def test_a_child_moving_to_another_record_of_another_batch() -> None:
    phone = {"id": uid("phone"), "number": "043 111 11 11"}
    before = (BASE, [service("Eerste", phones=[phone])])
    after, _importer = same_either_way([service("Tweede", phones=[phone])], before=before)
    assert after["Phone"][phone["id"]]["service_id"] == uuid.UUID(uid("service:Tweede"))


def test_a_child_moving_between_records_of_one_batch_goes_record_by_record() -> None:
    phone = {"id": uid("phone"), "number": "043 111 11 11"}
    before = (BASE, [service("Eerste", phones=[phone])])
    batch = [service("Eerste", phones=[]), service("Tweede", phones=[phone])]
    after, importer = same_either_way(batch, before=before)
    assert importer.by_writer == ["service", "service"]  # the batch went record by record
    assert after["Phone"][phone["id"]]["service_id"] == uuid.UUID(uid("service:Tweede"))


def test_the_placeholder_of_a_confidential_location_changes_nothing() -> None:
    shelter = location(
        "Opvang",
        nl_is_confidential=True,
        latitude=50.85,
        longitude=5.69,
        addresses=[
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
    )
    placeholder = {
        "id": shelter["id"],
        "location_type": "physical",
        "name": "Vertrouwelijke locatie",
        "nl_is_confidential": True,
    }
    after, importer = same_either_way([placeholder], before=(BASE, [shelter]))
    assert importer.by_writer == []
    assert after["Location"][shelter["id"]]["name"] == "Opvang"
    assert importer.report.updated == 1


def test_districts_resolve_and_unknown_ones_go_to_the_writer(geography: Municipality) -> None:
    kept = location("Oud", nl_district="WK999999")  # unknown: kept as text by the Writer
    cleared = location("Oud", nl_district=None)
    known = location("Nieuw", nl_district="WK093501")
    after, importer = same_either_way([cleared, known], before=(BASE, [kept]))
    assert importer.by_writer == []
    assert after["Location"][kept["id"]]["extra"] == {}
    assert after["Location"][known["id"]]["district_id"] is not None
    assert through_batches([location("Ander", nl_district="WK999998")]).by_writer == ["location"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "x" * 300}, "name: Ensure this value has at most 255 characters"),
        ({"email": "geen adres@"}, "email: Enter a valid email address."),
        ({"email": "a@b"}, "email: Enter a valid email address."),
        ({"url": "http://"}, "url: Enter a valid URL."),
        ({"nl_waiting_weeks": 40000}, "nl_waiting_weeks: 40000 is greater than the maximum"),
        pytest.param(
            {"maximum_age": 40000},
            "maximum_age: Ensure this value is less than or equal to 32767.",
            marks=pytest.mark.skipif(
                connection.vendor != "postgresql", reason="SQLite's integers have no such range"
            ),
        ),
        ({"assured_date": "2024-02-30"}, "assured_date: '2024-02-30' is not a date (YYYY-MM-DD)"),
        (
            {"phones": [{"id": uid("phone"), "number": "043", "extension": -1}]},
            "phones[0].extension: Ensure this value is greater than or equal to 0.",
        ),
        (
            {"cost_options": [{"id": uid("cost"), "amount": 123456789.5}]},
            "cost_options[0].amount: Ensure that there are no more than 8 digits before the",
        ),
        (
            {"service_at_locations": [at("Schuldhulp", "Nergens")]},
            "service_at_locations[0].location_id: location",
        ),
    ],
)
def test_what_the_checks_refuse_fails_with_the_writers_message(
    fields: dict[str, Any], message: str
) -> None:
    _after, importer = same_either_way([service(**fields), service("Maatjes")], before=(BASE,))
    assert importer.report.failed == 1
    assert message in importer.report.errors[0]
    assert Service.objects.get().name == "Maatjes"


def test_the_search_index_is_made_from_the_rows() -> None:
    places = [
        location("Buurthuis B", latitude=50.85, longitude=5.70),
        location("Buurthuis A", latitude=50.84, longitude=5.71),
        location("0 Opvang", latitude=50.83, longitude=5.72, nl_is_confidential=True),
    ]
    record = service(
        description="Hulp bij schulden.",
        eligibility_description="Voor ouderen",
        service_areas=[{"id": uid("area"), "nl_cbs_code": "GM0935"}],
        service_at_locations=[at("Schuldhulp", place["name"]) for place in places],
        attributes=[attribute("Schuldhulp", "debts")],
    )
    after, importer = same_either_way([record], before=(BASE, places))
    assert importer.by_writer == []
    row = after["Service"][record["id"]]
    assert (row["search_latitude"], row["search_longitude"]) == (50.84, 5.71)
    assert {"schuld", "ouder", "qqtlifedomainmoneydebts", "qqagm0935"} <= row["search_document"]
    assert {"schuld", "ouder", "buurtteam", "noord"} <= after["tokens"]


def test_a_service_that_leaves_out_its_lists_keeps_their_part_of_the_index() -> None:
    place = location("Buurthuis", latitude=50.85, longitude=5.70)
    first = service(
        service_areas=[{"id": uid("area"), "nl_cbs_code": "GM0935"}],
        service_at_locations=[at("Schuldhulp", "Buurthuis")],
        attributes=[attribute("Schuldhulp", "debts")],
    )
    after, importer = same_either_way([service(name="Schuldhulp")], before=(BASE, [place, first]))
    assert importer.by_writer == []
    row = after["Service"][first["id"]]
    assert row["facet_mask"] != 0
    assert row["search_latitude"] == 50.85
    assert "qqagm0935" in row["search_document"]


def test_a_changed_organisation_location_or_term_reindexes_its_services() -> None:
    place = location("Buurthuis", latitude=50.85, longitude=5.70)
    first = service(
        service_at_locations=[at("Schuldhulp", "Buurthuis")],
        attributes=[attribute("Schuldhulp", "debts")],
    )
    renamed = [organization("Buurtteam Noord") | {"name": "Wijkteam Zuid"}]
    hidden = [place | {"nl_is_confidential": True}]
    retermed = [term("debts", "life_domain:money_debts") | {"name": "Geldzorgen"}]
    after, _importer = same_either_way(renamed, hidden, retermed, before=(BASE, [place, first]))
    row = after["Service"][first["id"]]
    assert row["search_latitude"] is None  # a confidential place never positions a service
    assert {"wijkteam", "zuid", "geldzorg"} <= row["search_document"]
    assert "noord" not in row["search_document"]


def test_a_reimport_writes_only_the_rows_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    place = location("Buurthuis", latitude=50.85, longitude=5.70)
    record = service(
        phones=[{"id": uid("phone"), "number": "043 111 11 11"}],
        service_at_locations=[at("Schuldhulp", "Buurthuis")],
        last_modified="2026-01-05T09:00:00Z",
    )
    through_batches(BASE, [place, record])
    written: list[tuple[str, int, int]] = []
    original = bulk._write

    def spy(kind: bulk.Table, new: list[Any], old: list[Any]) -> None:
        written.append((kind.entity, len(new), len(old)))
        original(kind, new, old)

    monkeypatch.setattr(bulk, "_write", spy)
    before = state()
    importer = through_batches([record])
    assert importer.report.updated == 1
    assert written == [("service", 0, 0), ("service_at_location", 0, 0), ("phone", 0, 0)]
    assert state() == before
    changed = copy.deepcopy(record)
    changed["phones"][0]["number"] = "043 999 99 99"
    written.clear()
    through_batches([changed])
    assert written == [("service", 0, 0), ("service_at_location", 0, 0), ("phone", 0, 1)]


# --- The prepared checks and conversions -----------------------------------------------------

AWKWARD_VALUES: tuple[Any, ...] = (
    None,
    "",
    " ",
    "x",
    "a" * 2,
    "a" * 3,
    "a" * 10,
    "a" * 11,
    "a" * 20,
    "a" * 21,
    "a" * 50,
    "a" * 51,
    "a" * 255,
    "a" * 256,
    "a" * 500,
    "a" * 501,
    "active",
    "temporarily closed",
    "open",
    "waiting_list",
    "physical",
    "gp",
    "info@buurtteam.example",
    "a@b",
    "https://buurtteam.example/x",
    "http://",
    "ftp://example.com",
    -1,
    0,
    1,
    32767,
    32768,
    2147483647,
    2147483648,
    -(2**63),
    2**63,
    0.5,
    decimal.Decimal("12345678.91"),
    decimal.Decimal("123456789.1"),
    decimal.Decimal("1.234"),
    datetime.date(2024, 2, 29),
    datetime.time(9, 30),
    datetime.datetime(2024, 2, 29, 9, 30, tzinfo=datetime.UTC),
    True,
    False,
    {},
    {"a": 1},
    str(uuid.uuid4()),
)


def django_says(model_field: models.Field[Any, Any], value: Any) -> bool:
    """What `Model.clean_fields` says about this value of this field."""
    if model_field.blank and value in model_field.empty_values:
        return True
    try:
        model_field.clean(value, None)
    except ValidationError:
        return False
    return True


def typed(model_field: models.Field[Any, Any], value: Any) -> bool:
    """Whether the value has a type the conversion (or the database) gives this field."""
    if value is None:  # converted: "" for text; defaults and stored values fit the column
        never = (models.BooleanField, models.CharField, models.TextField, models.JSONField)
        return model_field.null or not isinstance(model_field, never)
    if isinstance(model_field, models.JSONField):
        return isinstance(value, dict)
    if isinstance(model_field, models.CharField | models.TextField):
        return isinstance(value, str)
    if isinstance(model_field, models.BooleanField):
        return isinstance(value, bool)
    if isinstance(model_field, models.DateTimeField):
        return isinstance(value, datetime.datetime)
    if isinstance(model_field, models.DateField):
        return type(value) is datetime.date
    if isinstance(model_field, models.TimeField):
        return isinstance(value, datetime.time)
    if isinstance(model_field, models.DecimalField):
        return isinstance(value, decimal.Decimal)
    if isinstance(model_field, models.FloatField):
        return isinstance(value, float)
    if isinstance(model_field, models.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(model_field, models.UUIDField):  # ids as text, as the planner holds them
        return isinstance(value, str) and value.count("-") == 4 and str(uuid.UUID(value)) == value
    raise AssertionError(f"no values for {model_field!r}")


@pytest.mark.parametrize("entity", list(bulk.MODELS))
def test_each_prepared_check_says_what_clean_fields_says(entity: str) -> None:
    kind = bulk.table(entity)
    checks = dict(kind.checks)
    for index, model_field in enumerate(kind.model._meta.concrete_fields):
        if model_field.is_relation or model_field.primary_key:
            continue
        for value in AWKWARD_VALUES:
            if not typed(model_field, value):
                continue
            check = checks.get(index)
            verdict = True if check is None else check(value)
            assert verdict == django_says(model_field, value), (model_field, value)


JSON_VALUES: tuple[Any, ...] = (
    None,
    "",
    "tekst",
    "2024-02-29",
    "2024-02-30",
    "2024-02-29T09:30:00Z",
    "2024-02-29T09:30:00",
    "09:30",
    "09:30:00",
    "25:00",
    True,
    False,
    0,
    1,
    -1,
    1.0,
    1.5,
    52.1,
    [],
    {},
)


@pytest.mark.parametrize("entity", list(bulk.MODELS))
def test_each_prepared_conversion_gives_what_convert_gives(entity: str) -> None:
    kind = bulk.table(entity)
    for key, (index, conversion) in kind.setters.items():
        name = kind.columns[index]
        for value in JSON_VALUES:
            try:
                expected = convert(kind.model, name, value, key)
            except RecordInvalid:
                with pytest.raises(RecordInvalid):
                    conversion(value)
                continue
            converted = conversion(value)
            assert converted == expected, (entity, key, value)
            assert type(converted) is type(expected), (entity, key, value)


@pytest.mark.parametrize("entity", list(bulk.MODELS))
def test_each_shape_sets_a_row_as_the_setters_do_key_by_key(entity: str) -> None:
    kind = bulk.table(entity)
    keys = [*kind.setters, "x_unknown"]
    for value in JSON_VALUES:
        for shape_keys in ((key,) for key in keys):
            data = dict.fromkeys(shape_keys, value)
            shaped, by_key = kind.new_row(uid("row")), kind.new_row(uid("row"))
            try:
                expected = bulk._fill(kind, by_key, data)
            except Exception as error:
                with pytest.raises(type(error)):
                    bulk._shape(kind, shape_keys).fill(shaped, data)
                continue
            assert bulk._shape(kind, shape_keys).fill(shaped, data) == expected, (shape_keys, value)
            assert shaped == by_key, (entity, shape_keys, value)
            assert [type(v) for v in shaped] == [type(v) for v in by_key], (shape_keys, value)
    # All keys at once, in the order given: a later key wins a column two keys set.
    data = dict.fromkeys(reversed(keys), "tekst")
    shaped, by_key = kind.new_row(uid("row")), kind.new_row(uid("row"))
    try:
        expected = bulk._fill(kind, by_key, data)
    except Exception as error:
        with pytest.raises(type(error)):
            bulk._shape(kind, tuple(data)).fill(shaped, data)
    else:
        assert bulk._shape(kind, tuple(data)).fill(shaped, data) == expected
        assert shaped == by_key


@pytest.mark.parametrize("entity", list(bulk.MODELS))
def test_a_shape_leaves_out_only_checks_of_columns_a_new_row_keeps_at_their_default(
    entity: str,
) -> None:
    kind = bulk.table(entity)
    for keys in (("id",), ("id", *kind.setters), ("id", "x_unknown")):
        shape = bulk._shape(kind, keys)
        row = kind.new_row(uid("row"))
        left_out = [
            (index, check) for index, check in kind.checks if (index, check) not in shape.new_checks
        ]
        set_by_keys = {kind.setters[key][0] for key in keys if key in kind.setters}
        assert not set_by_keys & {index for index, _check in left_out}
        assert kind.extra is None or kind.extra not in {index for index, _check in left_out}
        assert shape.new_passes == all(check(row[index]) for index, check in left_out)


def test_a_table_writes_the_columns_in_the_models_order() -> None:
    kind = bulk.table("service")
    assert kind.columns == tuple(f.attname for f in Service._meta.concrete_fields)
    row = kind.new_row(uid("service"))
    assert row[0] == uid("service")
    assert row[kind.position["status"]] == "active"
    assert row[kind.position["extra"]] == {}
    assert row[kind.position["extra"]] is not kind.new_row(uid("other"))[kind.position["extra"]]


def test_normalising_skips_no_mark_it_used_to_remove() -> None:
    def before(text: str) -> str:  # indexing.normalise as it was, character by character
        decomposed = unicodedata.normalize("NFKD", text.lower())
        without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
        return " ".join(re.findall(r"[^\W_]+", without_marks))

    for text in (
        "Schuldhulp Maastricht",
        "Één café, naïve coördinator!",
        "ﬁets Straße ÆØÅ",
        "e\u0301e\u0300 a\u20dd",
        "Ελληνικά русский 日本語 😀",
        "under_score 12-3",
        "",
    ):
        assert indexing.normalise(text) == before(text), text
