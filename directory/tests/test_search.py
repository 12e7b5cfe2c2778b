"""Search behaviour through the public service function, on the real database."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from directory import search
from directory.models import CapacityStatus, ScheduleException, SearchSynonym, Service
from directory.search import SearchParams, resolve_place
from directory.tests import factories

# parity: `make test` also runs this file on SQLite, to show both databases give the same results.
pytestmark = [pytest.mark.django_db, pytest.mark.parity]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def region(geography):
    """Debt help in the centre and in the east, a meeting place, and help in Amsterdam."""
    debt = factories.provider("Schuldhulp Maastricht")
    centre = factories.service(
        debt,
        "Schuldhulpverlening Centrum",
        "Hulp bij schulden, aanmaningen en de deurwaarder.",
        terms=[("life_domain", "money_debts"), ("funding_stream", "wmo")],
        pc4="6211",
        referral_requirement="none",
    )
    east = factories.service(
        debt,
        "Budgetcoaching Oost",
        "Een vrijwilliger helpt met de administratie en het overzicht.",
        terms=[("life_domain", "money_debts"), ("funding_stream", "free")],
        pc4="6225",
        is_informal=True,
    )
    meeting = factories.service(
        factories.provider("Buurtcentrum De Romein"),
        "Koffieochtend voor ouderen",
        "Elke week koffie en een praatje met buurtgenoten.",
        terms=[("life_domain", "social_contact"), ("target_group", "older_people")],
        pc4="6225",
        is_informal=True,
        minimum_age=65,
    )
    amsterdam = factories.service(
        factories.provider("Schuldhulp Amsterdam"),
        "Schuldhulp Amsterdam-Centrum",
        "Hulp bij schulden.",
        terms=[("life_domain", "money_debts")],
        pc4="1011",
    )
    return {"centre": centre, "east": east, "meeting": meeting, "amsterdam": amsterdam}


def names(results: search.SearchResults) -> list[str]:
    return [hit.service.name for hit in results.hits]


def test_everyday_words_find_debt_help_through_the_thesaurus(region) -> None:
    results = search.search(SearchParams(text="geldzorgen"))
    assert set(names(results)) == {
        "Schuldhulpverlening Centrum",
        "Budgetcoaching Oost",
        "Schuldhulp Amsterdam-Centrum",
    }
    assert "past bij “geldzorgen”: Geld en schulden" in results.hits[0].reasons


def test_a_postcode_ranks_nearby_help_first_and_leaves_far_help_out(region) -> None:
    results = search.search(SearchParams(text="geldzorgen", place=resolve_place("6225 AB")))
    assert names(results) == ["Budgetcoaching Oost", "Schuldhulpverlening Centrum"]
    assert "0,0 km van 6225 AB" in results.hits[0].reasons
    assert "3,8 km van 6225 AB" in results.hits[1].reasons


def test_stemming_finds_other_forms_of_a_word(region) -> None:
    assert "Schuldhulpverlening Centrum" in names(search.search(SearchParams(text="schuld")))
    assert names(search.search(SearchParams(text="buurtgenoot"))) == ["Koffieochtend voor ouderen"]


def test_a_typo_is_forgiven_and_shown(region) -> None:
    results = search.search(SearchParams(text="adminstratie"))
    assert names(results) == ["Budgetcoaching Oost"]
    assert results.query.corrections == {"adminstratie": "administratie"}


def test_a_typo_that_keeps_the_ending_on_is_forgiven_too(region) -> None:
    # The typo keeps the stemmer from removing "-ing"; one edit of the word itself finds it.
    results = search.search(SearchParams(text="budgetcoachng"))
    assert names(results) == ["Budgetcoaching Oost"]
    assert results.query.corrections == {"budgetcoachng": "budgetcoach"}


def test_a_thesaurus_word_also_matches_where_it_is_written(region) -> None:
    results = search.search(SearchParams(text="aanmaning"))
    centre = next(hit for hit in results.hits if hit.service.name == "Schuldhulpverlening Centrum")
    assert centre.reasons == [
        "past bij “aanmaning”: Geld en schulden",
        "“aanmaning” staat in de beschrijving",
    ]


def test_a_query_of_several_words_ranks_by_how_well_they_match(region) -> None:
    results = search.search(SearchParams(text="schulden deurwaarder"))
    assert names(results)[0] == "Schuldhulpverlening Centrum"  # the only one that names both


def test_the_thesaurus_is_data_that_can_be_edited(region) -> None:
    assert names(search.search(SearchParams(text="kopje troost"))) == []
    SearchSynonym.objects.create(
        phrase="kopje troost", term=factories.vocabulary()["life_domain"]["social_contact"]
    )
    assert names(search.search(SearchParams(text="kopje troost"))) == ["Koffieochtend voor ouderen"]


def test_facets_count_the_results_and_filter_them(region) -> None:
    results = search.search(SearchParams(text="geldzorgen", place=resolve_place("Maastricht")))
    domains = {f.value: f.count for f in results.facets["life_domain"]}
    kinds = {f.value: f.count for f in results.facets["kind"]}
    assert domains == {"money_debts": 2}
    assert kinds == {"informal": 1, "professional": 1}
    informal = search.search(SearchParams(text="geldzorgen", kind="informal"))
    assert names(informal) == ["Budgetcoaching Oost"]
    free = search.search(SearchParams(terms={"funding_stream": ["free"]}))
    assert names(free) == ["Budgetcoaching Oost"]


def test_age_and_referral_filters(region) -> None:
    assert "Koffieochtend voor ouderen" not in names(search.search(SearchParams(age=40)))
    assert "Koffieochtend voor ouderen" in names(search.search(SearchParams(age=70)))
    region["east"].referral_requirement = "gp"
    region["east"].save()
    assert "Budgetcoaching Oost" not in names(search.search(SearchParams(referral="none")))


def test_open_now_respects_periods_holidays_and_exceptions(region) -> None:
    centre = region["centre"]
    factories.weekly(centre, "MO,TU,WE,TH,FR", "09:00", "12:00")
    factories.weekly(centre, "MO,TU,WE,TH,FR", "13:30", "16:30")
    tuesday_morning = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM)
    tuesday_lunch = datetime.datetime(2026, 11, 24, 12, 45, tzinfo=AMSTERDAM)
    kings_day = datetime.datetime(2026, 4, 27, 10, 0, tzinfo=AMSTERDAM)  # a Monday

    def open_names(moment: datetime.datetime) -> list[str]:
        return names(search.search(SearchParams(open_now=True), now=moment))

    assert open_names(tuesday_morning) == ["Schuldhulpverlening Centrum"]
    assert open_names(tuesday_lunch) == []
    assert open_names(kings_day) == []
    ScheduleException.objects.create(
        service=centre, date=datetime.date(2026, 11, 24), closed=True, note="studiedag"
    )
    assert open_names(tuesday_morning) == []


def test_a_confidential_location_never_gives_away_its_position(geography) -> None:
    shelter = factories.service(
        factories.provider("Vrouwenopvang Zuid"),
        "Opvang bij huiselijk geweld",
        "Veilige opvang.",
        terms=[("life_domain", "safety")],
        pc4="6211",
        confidential=True,
        area="GM0935",
    )
    shelter.refresh_from_db()
    assert shelter.search_latitude is None
    results = search.search(SearchParams(text="huiselijk geweld", place=resolve_place("6211")))
    assert names(results) == ["Opvang bij huiselijk geweld"]
    assert results.hits[0].distance_km is None
    assert results.hits[0].reasons[-1] == "werkt in 6211"


def test_inactive_services_are_not_found(region) -> None:
    region["centre"].status = Service.Status.DEFUNCT
    region["centre"].save()
    assert "Schuldhulpverlening Centrum" not in names(search.search(SearchParams(text="schulden")))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 10_000,
        "'; DROP TABLE directory_service; --",
        "<script>alert(1)</script>",
        "ﷺ 🙂 \u202e \x00 ∑∂",
        "% _ \\ %%",
    ],
)
def test_odd_input_gives_sane_results(region, text: str) -> None:
    results = search.search(SearchParams(text=text))
    assert results.total >= 0
    assert Service.objects.count() == 4


def test_capacity_is_part_of_the_result(region) -> None:
    region["centre"].capacity_status = CapacityStatus.WAITING_LIST
    region["centre"].waiting_weeks = 6
    region["centre"].save()
    hit = next(
        h
        for h in search.search(SearchParams(text="schulden")).hits
        if h.service.pk == region["centre"].pk
    )
    assert hit.service.waiting_weeks == 6


def test_places_resolve_from_postcode_district_and_municipality(geography) -> None:
    assert resolve_place("6211 AB").area_codes == ("GM0935", "WK093500")  # type: ignore[union-attr]
    assert resolve_place("WK093504").label == "Buitenwijk Oost (Maastricht)"  # type: ignore[union-attr]
    assert resolve_place("maastricht").label == "Maastricht"  # type: ignore[union-attr]
    assert resolve_place("Atlantis") is None
    assert resolve_place("5028") is None


def test_a_remembered_answer_follows_every_change_to_the_directory(region) -> None:
    first = search.search(SearchParams(text="schuld"))
    centre = next(h.service for h in first.hits if h.service.name == "Schuldhulpverlening Centrum")
    assert search.search(SearchParams(text="schuld")).total == first.total  # remembered

    factories.service(factories.provider("Kredietbank"), "Schuldsanering Kredietbank", "Schulden.")
    assert search.search(SearchParams(text="schuld")).total == first.total + 1

    liaison = centre.liaison
    assert liaison is not None
    liaison.name = "Fatima Yilmaz"  # as in the admin: only the contact person changes
    liaison.save()
    again = search.search(SearchParams(text="schuld"))
    shown = next(h.service for h in again.hits if h.service.pk == centre.pk)
    assert shown.liaison is not None and shown.liaison.name == "Fatima Yilmaz"


def test_new_words_reach_the_typo_tolerance(region) -> None:
    assert search.search(SearchParams(text="kookcursis")).query.corrections == {}
    factories.service(factories.provider("Buurthuis"), "Kookcursus voor mannen", "Samen koken.")
    results = search.search(SearchParams(text="kookcursis"))
    assert results.query.corrections == {"kookcursis": "kookcursus"}
    assert names(results) == ["Kookcursus voor mannen"]
