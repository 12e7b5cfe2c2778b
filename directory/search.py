"""Directory search: everyday Dutch in, ranked services with the reason they matched out.

The same rules run on PostgreSQL and on SQLite because the language work happens in Python:
services are indexed as stemmed tokens (`directory.indexing`). A query is turned into the same
tokens, expanded through the thesaurus (SearchSynonym) and corrected against the vocabulary of
known tokens (typo tolerance), and the database only matches tokens (the `has_token` lookup: a
full-text index on PostgreSQL, LIKE on SQLite) and computes the score. Profile terms are also
bits in `facet_mask`, which makes facet counts and term filters integer tests. A process that
holds the in-memory index (`directory.engine`) matches, counts and ranks with the same rules
there instead of in SQL. See ADR 0005.
"""

import bisect
import dataclasses
import datetime
import functools
import hashlib
import math
import operator
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import engine
from directory.answers import answers
from directory.indexing import (
    AREA_PREFIX,
    INDEX_VERSION_KEY,
    TERM_PREFIX,
    VOCABULARY_CACHE_KEY,
    area_token,
    normalise,
    term_token,
    tokens,
)
from directory.models import Contact, SearchSynonym, SearchToken, Service, TaxonomyTerm
from directory.opening import open_at_filter
from directory.vocabulary import FACET_BITS

MAX_QUERY_LENGTH = 200
MAX_QUERY_TOKENS = 12


def has_bit(bit: int) -> GreaterThan:
    """The service carries the profile term with this bit."""
    return GreaterThan(F("facet_mask").bitand(bit), 0)


# ---------------------------------------------------------------------------------------------
# Vocabulary and typo tolerance


@dataclass
class Vocabulary:
    """All tokens in the index, with a deletion index for finding near misses quickly."""

    known: frozenset[str]
    deletions: dict[str, set[str]]
    ordered: list[str] = field(default_factory=list)
    corrections: dict[str, str | None] = field(default_factory=dict)

    def has_prefix(self, token: str) -> bool:
        """A known token starts with this one (stems of 4+ letters match as word starts)."""
        index = bisect.bisect_left(self.ordered, token)
        return index < len(self.ordered) and self.ordered[index].startswith(token)

    def correction(self, word: str, stem: str) -> str | None:
        """A known token for a typed word whose stem is unknown, or None; remembered, because
        the same few typos come back."""
        if stem not in self.corrections:
            if len(self.corrections) >= 10_000:
                self.corrections.clear()  # bounded: random input must not grow it for ever
            self.corrections[stem] = self.correct(stem) or _correct_word(word, self)
        return self.corrections[stem]

    def correct(self, token: str) -> str | None:
        """The closest known token within the allowed edit distance, or None."""
        if token in self.known or len(token) < 4:
            return None
        allowed = 1 if len(token) <= 6 else 2
        candidates: set[str] = set(self.deletions.get(token, ()))
        for deleted in _deletes(token):
            candidates |= self.deletions.get(deleted, set())
            if deleted in self.known:
                candidates.add(deleted)
        scored = [(edit_distance(token, c), c) for c in candidates]
        near = [(d, c) for d, c in scored if d <= allowed]
        return min(near)[1] if near else None


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def build_vocabulary() -> Vocabulary:
    """From the token table (indexing.remember_tokens), not from the documents themselves."""
    known = set(SearchToken.objects.values_list("token", flat=True).iterator(chunk_size=20_000))
    deletions: dict[str, set[str]] = {}
    for token in known:
        if len(token) >= 4:
            for deleted in _deletes(token):
                deletions.setdefault(deleted, set()).add(token)
    return Vocabulary(frozenset(known), deletions, sorted(known))


_T = TypeVar("_T")
_vocabulary: tuple[str, Vocabulary] | None = None


def versions() -> tuple[str, str]:
    """(index version, vocabulary version) from the shared cache, so every process notices a
    change (indexing.index_changed, indexing.remember_tokens); one round trip."""
    found = django_cache.get_many([INDEX_VERSION_KEY, VOCABULARY_CACHE_KEY])
    missing = {
        key: uuid.uuid4().hex
        for key in (INDEX_VERSION_KEY, VOCABULARY_CACHE_KEY)
        if key not in found
    }
    if missing:
        django_cache.set_many(missing, None)
        found |= missing
    return str(found[INDEX_VERSION_KEY]), str(found[VOCABULARY_CACHE_KEY])


def vocabulary(version: str | None = None) -> Vocabulary:
    """The vocabulary, rebuilt when new words have come into the index."""
    global _vocabulary
    version = version or versions()[1]
    if _vocabulary is None or _vocabulary[0] != version:
        _vocabulary = (version, build_vocabulary())
    return _vocabulary[1]


# ---------------------------------------------------------------------------------------------
# Queries


@dataclass
class ParsedQuery:
    text: str
    stems: list[str] = field(default_factory=list)
    terms: list[tuple[str, TaxonomyTerm]] = field(default_factory=list)  # (phrase, term)
    corrections: dict[str, str] = field(default_factory=dict)  # typed stem → known stem
    unknown: list[str] = field(default_factory=list)  # stems that occur nowhere
    paired_stems: set[str] = field(default_factory=set)  # stems of a word that is also a term
    phrases: int = 0  # thesaurus words and phrases found, also when two mean the same term
    truncated: bool = False
    index_version: str = ""  # the index the query was read against

    @property
    def is_empty(self) -> bool:
        return not self.stems and not self.terms and not self.unknown

    @property
    def single_part(self) -> bool:
        """One word or phrase: its matches are equally relevant, so they are listed by name."""
        return self.phrases + len([s for s in self.stems if s not in self.paired_stems]) == 1


def parse(text: str) -> ParsedQuery:
    """Normalise, find thesaurus phrases, stem the rest and correct typos."""
    truncated = len(text) > MAX_QUERY_LENGTH
    clean = normalise(text[:MAX_QUERY_LENGTH])
    index_version, vocabulary_version = versions()
    query = ParsedQuery(text=clean, truncated=truncated, index_version=index_version)
    remaining = f" {clean} "
    for synonym in _synonyms(query.index_version):
        phrase = f" {synonym.phrase_normalised} "
        if phrase in remaining:
            query.phrases += 1
            if all(term.pk != synonym.term.pk for _phrase, term in query.terms):
                query.terms.append((synonym.phrase, synonym.term))  # a term counts once
            if " " in synonym.phrase_normalised:
                # A phrase like "niemand om mee te praten" means its term, not its loose words;
                # a single word ("zingeving") also still matches where it is written.
                remaining = remaining.replace(phrase, " ")
            else:
                query.paired_stems.update(tokens(synonym.phrase_normalised))
    words = vocabulary(vocabulary_version)
    for word, stem in _words_and_stems(remaining)[:MAX_QUERY_TOKENS]:
        if stem in words.known or (len(stem) >= 4 and words.has_prefix(stem)):
            query.stems.append(stem)
            continue
        if stem in query.paired_stems:
            continue  # a thesaurus word: its term is searched for already, it is no typo
        corrected = words.correction(word, stem)
        if corrected:
            query.corrections[stem] = corrected
            query.stems.append(corrected)
        else:
            # A word that occurs nowhere cannot match; leaving it out keeps the query cheap.
            query.unknown.append(stem)
    return query


def _words_and_stems(text: str) -> list[tuple[str, str]]:
    """(word, stem) for each meaningful word, one per stem, in order."""
    pairs: dict[str, str] = {}
    for word in normalise(text).split():
        for stem in tokens(word):
            pairs.setdefault(stem, word)
    return [(word, stem) for stem, word in pairs.items()]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _correct_word(word: str, words: Vocabulary) -> str | None:
    """A known stem of a word one edit away from the typed word.

    A typo can keep the stemmer from removing an ending ("dagbestedng" stays as it is, while
    "dagbesteding" becomes "dagbested"), so the stem-level correction misses it; the few hundred
    one-edit variants of the word itself are stemmed and looked up instead.
    """
    if len(word) < 5:
        return None
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    variants |= {a + c + b for a, b in splits for c in _LETTERS}
    found = sorted({t for variant in variants for t in tokens(variant)} & words.known)
    return found[0] if found else None


@dataclass(frozen=True)
class _Synonym:
    phrase: str
    phrase_normalised: str
    term: TaxonomyTerm


def _synonyms(version: str) -> list[_Synonym]:
    """The thesaurus, longest phrases first, so "niemand om mee te praten" wins over "praten"."""
    return _per_index_version("synonyms", version, _load_synonyms)


def _load_synonyms() -> list[_Synonym]:
    rows = SearchSynonym.objects.select_related("term").all()
    found = [_Synonym(r.phrase, normalise(r.phrase), r.term) for r in rows]
    return sorted(found, key=lambda s: -len(s.phrase_normalised))


_remembered: dict[str, tuple[str, Any]] = {}


def _per_index_version(name: str, version: str, load: Callable[[], _T]) -> _T:
    """Small lookups every search needs, read once per index version (thesaurus, facet terms)."""
    remembered = _remembered.get(name)
    if remembered is None or remembered[0] != version:
        remembered = (version, load())
        _remembered[name] = remembered
    return cast(_T, remembered[1])


def query_token(token: str) -> str:
    """The token as a whole word, or as the start of a word ("…*") for stems of 4+ letters."""
    if len(token) >= 4 and not token.startswith((TERM_PREFIX, AREA_PREFIX)):
        return f"{token}*"
    return token


def _token_q(field_name: str, token: str) -> Q:
    return Q(**{f"{field_name}__has_token": query_token(token)})


def _any_token_q(field_name: str, tokens: list[str]) -> Q:
    """Any of these tokens: one index scan on PostgreSQL however many tokens there are."""
    if not tokens:
        return Q(pk__in=[])
    return Q(**{f"{field_name}__has_any_token": [query_token(t) for t in tokens]})


def match_tokens(query: ParsedQuery) -> list[str]:
    """The tokens of the stems and thesaurus terms of a query; a service matches any of them."""
    return query.stems + [term_token(term) for _phrase, term in query.terms]


def match_filter(query: ParsedQuery) -> Q:
    """Services that match any stem or any thesaurus term."""
    return _any_token_q("search_document", match_tokens(query))


def score_parts(query: ParsedQuery) -> list[tuple[str, str, int]]:
    """(field, token, weight): thesaurus term 4, stem in the name 3, stem elsewhere 1; summed."""
    parts = [("search_document", term_token(term), 4) for _phrase, term in query.terms]
    for stem in query.stems:
        parts += [("search_title", stem, 3), ("search_document", stem, 1)]
    return parts


def score_expression(query: ParsedQuery) -> Case | Value:
    """The score of `score_parts` in SQL."""
    parts = [
        Case(When(_token_q(field_name, token), then=weight), default=0)
        for field_name, token, weight in score_parts(query)
    ]
    if not parts:
        return Value(0, output_field=IntegerField())
    total = parts[0]
    for part in parts[1:]:
        total = total + part  # type: ignore[assignment]
    return total


def distance_expression(latitude: float, longitude: float) -> Coalesce:
    """Squared equirectangular distance in km² (good to a few metres within a region)."""
    km_per_degree = 111.32
    scale = math.cos(math.radians(latitude))
    dlat = (F("search_latitude") - latitude) * km_per_degree
    dlon = (F("search_longitude") - longitude) * km_per_degree * scale
    return Coalesce(dlat * dlat + dlon * dlon, Value(1e9), output_field=FloatField())


# ---------------------------------------------------------------------------------------------
# The search itself: filters, location, facets and reasons

PAGE_SIZE = 20
DEFAULT_RADIUS_KM = 15.0
AGE_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("0-11", 0, 11),
    ("12-17", 12, 17),
    ("18-26", 18, 26),
    ("27-64", 27, 64),
    ("65+", 65, 120),
)
FACET_TAXONOMIES = ("life_domain", "target_group", "funding_stream")


@dataclass
class Place:
    """Where the search is about: a postcode area, a district or a municipality."""

    label: str
    latitude: float
    longitude: float
    area_codes: tuple[str, ...]  # CBS codes of the area and the areas around it that serve it


@dataclass
class SearchParams:
    text: str = ""
    place: Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    terms: dict[str, list[str]] = field(default_factory=dict)  # taxonomy → term codes
    age: int | None = None
    referral: str = ""  # "", "none" or "needed"
    kind: str = ""  # "", "informal" or "professional"
    open_now: bool = False
    page: int = 1


@dataclass
class Hit:
    service: Service
    score: int
    distance_km: float | None
    reasons: list[str]


@dataclass
class Facet:
    key: str
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[Facet]]


@dataclass(frozen=True)
class FoundRow:
    id: uuid.UUID
    score: int
    distance2: float | None


@dataclass(frozen=True)
class Found:
    """What a search found: the page of services and the counts."""

    rows: list[FoundRow]
    services: dict[uuid.UUID, Service]  # the page's services with provider and fixed contact
    total: int
    page: int
    pages: int
    bit_counts: dict[int, int]
    other_counts: dict[str, int]


def search(params: SearchParams, *, now: datetime.datetime | None = None) -> SearchResults:
    query = parse(params.text)
    found = find(query, params, now=now)
    hits = [
        _hit(found.services[row.id], row, query, params.place)
        for row in found.rows
        if row.id in found.services  # removed between finding and reading
    ]
    facets = _facet_lists(found.bit_counts, found.other_counts, params, query.index_version)
    return SearchResults(
        query=query, hits=hits, total=found.total, page=found.page, pages=found.pages, facets=facets
    )


def find(query: ParsedQuery, params: SearchParams, *, now: datetime.datetime | None) -> Found:
    """The page of matches with the counts, remembered until the directory changes (ADR 0005).

    Counting and ranking tens of thousands of matches is the expensive part of a search; the same
    question gives the same answer until an entry changes, which starts a new index version (the
    key holds it; see directory/signals.py). "Open now" answers are remembered per minute.
    """
    seconds = settings.SEARCH_CACHE_SECONDS
    if seconds <= 0:
        return _find(query, params, now)
    key = _cache_key(query, params, now)
    found = answers.get(key)
    if found is None:
        found = _find(query, params, now)
        answers.set(key, found, seconds)
    return cast(Found, found)


def _cache_key(query: ParsedQuery, params: SearchParams, now: datetime.datetime | None) -> str:
    moment = (now or timezone.now()).strftime("%Y%m%d%H%M") if params.open_now else ""
    question = (
        sorted(query.stems),
        sorted(term.code for _phrase, term in query.terms),
        query.single_part,
        params.place and dataclasses.astuple(params.place),
        params.radius_km,
        sorted((taxonomy, sorted(codes)) for taxonomy, codes in params.terms.items() if codes),
        params.age,
        params.referral,
        params.kind,
        moment,
        params.page,
    )
    digest = hashlib.sha256(repr(question).encode()).hexdigest()
    return f"search:{query.index_version}:{digest}"


def _find(query: ParsedQuery, params: SearchParams, now: datetime.datetime | None) -> Found:
    """Matched, counted and ranked in memory when this process has the index (directory.engine),
    else by the database; "open now" always by the database. Both give the same answer."""
    index = None if params.open_now else engine.current(query.index_version)
    if index is not None:
        return _found(engine.answer(index, _question(query, params)))
    return _find_in_database(query, params, now)


def _question(query: ParsedQuery, params: SearchParams) -> engine.Question:
    facet_bits = [
        functools.reduce(operator.or_, [FACET_BITS.get(f"{taxonomy}:{c}", 0) for c in codes], 0)
        for taxonomy, codes in params.terms.items()
        if codes
    ]
    place = params.place
    return engine.Question(
        tokens=None if query.is_empty else [query_token(t) for t in match_tokens(query)],
        score_parts=[
            (field_name, query_token(token), weight)
            for field_name, token, weight in score_parts(query)
        ],
        facet_bits=facet_bits,
        age=params.age,
        referral=params.referral,
        kind=params.kind,
        box=None if place is None else bounding_box(place, params.radius_km),
        area_tokens=[] if place is None else [area_token(c) for c in place.area_codes],
        centre=None if place is None else (place.latitude, place.longitude),
        by_name=ranked_by_name(query, place),
        page=params.page,
        page_size=PAGE_SIZE,
        age_buckets=AGE_BUCKETS,
    )


def _found(answer: engine.Answer) -> Found:
    rows = [FoundRow(pk, score, distance2) for pk, score, distance2 in answer.rows]
    services = _services_by_id([row.id for row in rows])
    return Found(
        rows,
        services,
        answer.total,
        answer.page,
        answer.pages,
        answer.bit_counts,
        answer.other_counts,
    )


def ranked_by_name(query: ParsedQuery, place: Place | None) -> bool:
    """A broad nationwide query of one word lists its matches by name (scoring tens of thousands
    of rows costs more than it tells); with a place there are few candidates, so rank them."""
    return query.single_part and place is None


def _find_in_database(
    query: ParsedQuery, params: SearchParams, now: datetime.datetime | None
) -> Found:
    services = Service.objects.filter(
        status__in=[Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]
    )
    if not query.is_empty:
        services = services.filter(match_filter(query))
    services = _apply_filters(services, params)
    if params.open_now:
        services = services.filter(open_at_filter(now))
    if params.place is not None:
        services = services.filter(_near(params.place, params.radius_km))
    total, bit_counts, other_counts = _counts(services)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, params.page), pages)
    ranked = services.annotate(score=score_expression(query))
    ordering: list[Any] = [] if ranked_by_name(query, params.place) else ["-score"]
    if params.place is not None:
        ranked = ranked.annotate(
            distance2=distance_expression(params.place.latitude, params.place.longitude)
        )
        ordering += ["distance2", Lower("name"), "id"]
    else:
        ranked = ranked.annotate(distance2=Value(None, output_field=FloatField()))
        # Alphabetical without regard to case; ordering on the expression also keeps PostgreSQL
        # from walking the name index and testing every row, which is slow for broad queries.
        ordering += [Lower("name"), "id"]
    # Only the keys are sorted; the page's services are read afterwards by id.
    window = ranked.order_by(*ordering).values_list("id", "score", "distance2")
    rows = [
        FoundRow(pk, score, distance2)
        for pk, score, distance2 in window[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ]
    page_services = _services_by_id([row.id for row in rows])
    return Found(rows, page_services, total, page, pages, bit_counts, other_counts)


def _services_by_id(ids: list[uuid.UUID]) -> dict[uuid.UUID, Service]:
    liaisons = Prefetch(
        "contacts", queryset=Contact.objects.filter(is_liaison=True).prefetch_related("phones")
    )
    services = (
        Service.objects.filter(pk__in=ids).select_related("organization").prefetch_related(liaisons)
    )
    return {service.pk: service for service in services}


def _apply_filters(services: QuerySet[Service], params: SearchParams) -> QuerySet[Service]:
    for taxonomy, codes in params.terms.items():
        if codes:
            any_of = Q(pk__in=[])
            for code in codes:
                bit = FACET_BITS.get(f"{taxonomy}:{code}")
                if bit is not None:
                    any_of |= Q(has_bit(bit))
            services = services.filter(any_of)
    if params.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=params.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=params.age),
        )
    if params.referral == "none":
        services = services.filter(referral_requirement="none")
    elif params.referral == "needed":
        services = services.exclude(referral_requirement="none")
    if params.kind == "informal":
        services = services.filter(is_informal=True)
    elif params.kind == "professional":
        services = services.filter(is_informal=False)
    return services


def bounding_box(place: Place, radius_km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of the square around the place that holds the radius."""
    dlat = radius_km / 111.32
    dlon = radius_km / (111.32 * max(0.1, math.cos(math.radians(place.latitude))))
    return (
        place.latitude - dlat,
        place.latitude + dlat,
        place.longitude - dlon,
        place.longitude + dlon,
    )


def _near(place: Place, radius_km: float) -> Q:
    """Serves the area, or has a public location within the radius (a bounding box in SQL)."""
    south, north, west, east = bounding_box(place, radius_km)
    in_box = Q(
        search_latitude__gte=south,
        search_latitude__lte=north,
        search_longitude__gte=west,
        search_longitude__lte=east,
    )
    return in_box | _any_token_q("search_document", [area_token(c) for c in place.area_codes])


def _facet_terms(version: str) -> list[TaxonomyTerm]:
    return _per_index_version(
        "facet_terms",
        version,
        lambda: list(TaxonomyTerm.objects.filter(code__in=list(FACET_BITS)).order_by("code")),
    )


def _counts(services: QuerySet[Service]) -> tuple[int, dict[int, int], dict[str, int]]:
    """The total and the raw facet counts, from one grouped query.

    The matching rows are grouped by the few columns facets depend on; there are at most a few
    thousand distinct groups even when tens of thousands of services match, and the counts per
    facet are summed from the groups here.
    """
    groups = (
        services.order_by()
        .values("facet_mask", "referral_requirement", "is_informal", "minimum_age", "maximum_age")
        .annotate(n=Count("id"))
    )
    total = 0
    bit_counts: dict[int, int] = {}
    other: dict[str, int] = {}
    for group in groups:
        n = group["n"]
        total += n
        mask = group["facet_mask"] or 0
        for bit in FACET_BITS.values():
            if mask & bit:
                bit_counts[bit] = bit_counts.get(bit, 0) + n
        referral = "none" if group["referral_requirement"] == "none" else "needed"
        kind = "informal" if group["is_informal"] else "professional"
        for key in (f"referral:{referral}", f"kind:{kind}"):
            other[key] = other.get(key, 0) + n
        low, high = group["minimum_age"], group["maximum_age"]
        for key, bucket_low, bucket_high in AGE_BUCKETS:
            if (low is None or low <= bucket_high) and (high is None or high >= bucket_low):
                other[f"age:{key}"] = other.get(f"age:{key}", 0) + n
    return total, bit_counts, other


def _facet_lists(
    bit_counts: dict[int, int], other: dict[str, int], params: SearchParams, version: str
) -> dict[str, list[Facet]]:
    facets: dict[str, list[Facet]] = {}
    for term in _facet_terms(version):
        count = bit_counts.get(FACET_BITS[term.code], 0)
        if count:
            taxonomy, _sep, code = term.code.partition(":")
            selected = code in params.terms.get(taxonomy, [])
            facets.setdefault(taxonomy, []).append(
                Facet(taxonomy, code, term.name, count, selected)
            )
    for values in facets.values():
        values.sort(key=lambda f: (-f.count, f.label))
    facets["referral"] = [
        Facet("referral", value, "", other.get(f"referral:{value}", 0), params.referral == value)
        for value in ("none", "needed")
    ]
    facets["kind"] = [
        Facet("kind", value, "", other.get(f"kind:{value}", 0), params.kind == value)
        for value in ("informal", "professional")
    ]
    facets["age"] = [
        Facet("age", key, key, other.get(f"age:{key}", 0), False) for key, _l, _h in AGE_BUCKETS
    ]
    return facets


def _hit(service: Service, row: FoundRow, query: ParsedQuery, place: Place | None) -> Hit:
    distance = None
    if place is not None and row.distance2 is not None and service.search_latitude is not None:
        distance = math.sqrt(row.distance2)
    return Hit(service, row.score, distance, reasons(service, query, place, distance))


def reasons(
    service: Service, query: ParsedQuery, place: Place | None, distance: float | None
) -> list[str]:
    """Why this service is in the results, in plain words."""
    found: list[str] = []
    for phrase, term in query.terms:
        if f" {term_token(term)} " in service.search_document:
            found.append(_("matches “%(words)s”: %(term)s") % {"words": phrase, "term": term.name})
    for stem in query.stems:
        word = _original_word(query, stem)
        if _contains_token(service.search_title, stem):
            found.append(_("“%(word)s” is in the name") % {"word": word})
        elif _contains_token(service.search_document, stem):
            found.append(_("“%(word)s” is in the description") % {"word": word})
    if place is not None:
        if distance is not None and distance <= 50:
            found.append(
                _("%(km)s km from %(place)s")
                % {"km": f"{distance:.1f}".replace(".", ","), "place": place.label}
            )
        else:
            found.append(_("works in %(place)s") % {"place": place.label})
    return found


def _contains_token(document: str, stem: str) -> bool:
    if len(stem) >= 4:
        return f" {stem}" in document
    return f" {stem} " in document


def _original_word(query: ParsedQuery, stem: str) -> str:
    if stem in query.corrections.values():
        return stem
    for word in query.text.split():
        if tokens(word) == [stem]:
            return word
    return stem


_NO_PLACE = "none"


def resolve_place(text: str) -> Place | None:
    """A postcode (6211 or 6211 AB), a district (CBS code or name) or a municipality (code or name).

    Remembered per process like search answers: the geography changes only when `load_geo` runs
    at a release, and a GP types the same few postcodes all day.
    """
    text = text.strip()
    if not text:
        return None
    key = f"place:{hashlib.sha256(text.lower().encode()).hexdigest()}"
    remembered = answers.get(key)
    if remembered is None:
        place = _resolve_place(text)
        answers.set(key, place or _NO_PLACE, settings.SEARCH_CACHE_SECONDS)
        return place
    return None if remembered == _NO_PLACE else cast(Place, remembered)


def _resolve_place(text: str) -> Place | None:
    from geo.models import District, Municipality, PostcodeArea
    from geo.services import InvalidPostcode, normalise_postcode

    try:
        pc4 = normalise_postcode(text)
    except InvalidPostcode:
        pc4 = None
    if pc4:
        area = (
            PostcodeArea.objects.select_related("district", "municipality").filter(pc4=pc4).first()
        )
        if area is None:
            return None
        codes = [area.municipality.code] + ([area.district.code] if area.district else [])
        return Place(text.upper(), area.latitude, area.longitude, tuple(codes))
    municipality = Municipality.objects.filter(Q(code__iexact=text) | Q(name__iexact=text)).first()
    if municipality is not None:
        area_codes = (municipality.code, *municipality.districts.values_list("code", flat=True))
        return Place(municipality.name, municipality.latitude, municipality.longitude, area_codes)
    district = (
        District.objects.select_related("municipality")
        .filter(Q(code__iexact=text) | Q(name__iexact=text) | Q(name__iendswith=f" {text}"))
        .order_by("-population")
        .first()
    )
    if district is not None:
        label = f"{district.short_name} ({district.municipality.name})"
        return Place(
            label,
            district.latitude,
            district.longitude,
            (district.code, district.municipality.code),
        )
    return None
