"""The in-memory index (directory/engine.py) answers exactly as the database does."""

import itertools
from typing import Any

import pytest
from django.db import connection

from directory import engine, search
from directory.demo import seed_directory
from directory.indexing import index_changed
from directory.models import Service
from directory.search import SearchParams, resolve_place
from directory.tests import factories

# parity: `make test` also runs this file on SQLite.
pytestmark = [pytest.mark.django_db, pytest.mark.parity]

TEXTS = [
    "geldzorgen",
    "eenzaam",
    "zorgen voor mijn moeder",
    "schulden deurwaarder",
    "wandelen koffie",
    "opvoeding puber",
    "dagbestedng",  # a typo
    "hulp",
    "mantelzorg",
    "",
    "xyzzy",  # occurs nowhere
]
PLACES = ["", "6211 AB", "6225", "Maastricht", "Heer"]
FILTERS: list[dict[str, Any]] = [
    {},
    {"terms": {"life_domain": ["money_debts", "social_contact"]}},
    {"terms": {"funding_stream": ["free"]}, "kind": "informal"},
    {"age": 80, "referral": "none"},
    {"age": 18},  # both a minimum and a maximum age of the demo services
    {"age": 4, "kind": "informal"},
    {"referral": "needed", "kind": "professional"},
    {"terms": {"life_domain": ["no-such-term"]}},
    {"page": 2},
    {"radius_km": 2.0},
]


@pytest.fixture
def seeded(geography) -> int:
    count = seed_directory({})
    # Services outside Maastricht, one without any public position, so that place filters
    # leave some out and distances differ.
    amsterdam = factories.provider("Schuldhulp Amsterdam")
    factories.service(amsterdam, "Schuldhulp Amsterdam-Centrum", "Hulp bij schulden.", pc4="1011")
    factories.service(amsterdam, "Telefonische hulp bij geldzorgen", "Bel ons over schulden.")
    return count


def answers_from_both(params: SearchParams) -> tuple[search.Found, search.Found]:
    query = search.parse(params.text)
    from_database = search._find_in_database(query, params, None)
    index = engine.current(query.index_version)
    assert index is not None
    from_memory = search._found(engine.answer(index, search._question(query, params)))
    return from_database, from_memory


def test_every_combination_of_words_place_and_filters_gets_the_same_answer(
    seeded, settings
) -> None:
    settings.SEARCH_IN_MEMORY = True
    places = {text: resolve_place(text) for text in PLACES}
    compared = 0
    for text, place_text, filters in itertools.product(TEXTS, PLACES, FILTERS):
        params = SearchParams(text=text, place=places[place_text], **filters)
        from_database, from_memory = answers_from_both(params)
        context = (text, place_text, filters)
        assert from_memory.rows == from_database.rows, context
        assert from_memory.total == from_database.total, context
        assert (from_memory.page, from_memory.pages) == (from_database.page, from_database.pages)
        assert from_memory.bit_counts == from_database.bit_counts, context
        assert from_memory.other_counts == from_database.other_counts, context
        assert from_memory.services.keys() == from_database.services.keys(), context
        compared += 1
    assert compared == len(TEXTS) * len(PLACES) * len(FILTERS)


def test_the_comparison_above_is_not_empty(seeded) -> None:
    """Broad and narrow questions, with and without a place, find something to compare."""
    broad, _ = answers_from_both(SearchParams(text="hulp"))
    near, _ = answers_from_both(SearchParams(text="geldzorgen", place=resolve_place("6211 AB")))
    second_page, _ = answers_from_both(SearchParams(text="", page=2))
    assert broad.total > 40 and broad.bit_counts and broad.other_counts
    assert 0 < near.total < broad.total
    assert all(row.distance2 is not None for row in near.rows)
    assert len(second_page.rows) == search.PAGE_SIZE


def test_a_change_is_found_at_once(seeded, settings) -> None:
    settings.SEARCH_CACHE_SECONDS = 0
    assert search.search(SearchParams(text="kantklossen")).total == 0
    factories.service(factories.provider("Buurthuis De Kant"), "Kantklossen voor beginners", "")
    assert search.search(SearchParams(text="kantklossen")).total == 1
    Service.objects.filter(name="Kantklossen voor beginners").update(status="inactive")
    index_changed()  # a bulk update sends no signal
    assert search.search(SearchParams(text="kantklossen")).total == 0


@pytest.mark.django_db(transaction=True)
def test_a_large_directory_is_indexed_in_the_background_while_the_database_answers(
    geography, settings
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite database is not shared with another thread")
    settings.SEARCH_CACHE_SECONDS = 0
    settings.SEARCH_IN_MEMORY_INLINE_LIMIT = 0  # every directory counts as large
    settings.SEARCH_IN_MEMORY_REBUILD_SECONDS = 3600
    engine.forget()
    debt_help = factories.provider("Schuldhulp Maastricht")
    factories.service(debt_help, "Schuldhulp", "", pc4="6211")
    version = search.parse("schulden").index_version

    assert engine.current(version) is None  # not built yet: the database answers
    first = search.search(SearchParams(text="schulden"))
    assert engine.wait_until_built(timeout=30)
    index = engine.current(version)
    assert index is not None and index.size == 1
    assert search.search(SearchParams(text="schulden")).total == first.total == 1

    # A change within the rebuild interval: the database answers, up to date; no build starts.
    factories.service(debt_help, "Schuldhulp Oost", "", pc4="6225")
    newer = search.parse("schulden").index_version
    assert search.search(SearchParams(text="schulden")).total == 2
    assert engine.current(newer) is None and engine.wait_until_built(timeout=0)

    settings.SEARCH_IN_MEMORY_REBUILD_SECONDS = 0
    assert engine.current(newer) is None  # starts the next build
    assert engine.wait_until_built(timeout=30)
    rebuilt = engine.current(newer)
    assert rebuilt is not None and rebuilt.size == 2
    engine.forget()


def test_off_means_the_database_answers(seeded, settings) -> None:
    settings.SEARCH_IN_MEMORY = False
    assert engine.current(search.parse("hulp").index_version) is None
    assert search.search(SearchParams(text="geldzorgen")).total > 0


def test_an_empty_directory_finds_nothing(geography, settings) -> None:
    settings.SEARCH_CACHE_SECONDS = 0
    results = search.search(SearchParams(text="hulp", place=resolve_place("6211")))

    assert engine.current(results.query.index_version) is not None
    assert (results.total, results.hits, results.pages) == (0, [], 1)
