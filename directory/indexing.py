"""The search index: the tokens every service is found by, written whenever an entry changes.

Text is normalised and stemmed with the classic Snowball Dutch stemmer (the algorithm behind
PostgreSQL's `dutch` configuration) into `Service.search_title` / `search_document`, strings of
space-separated tokens; profile terms also become bits in `facet_mask`. `directory.search` turns
a query into the same tokens. See ADR 0005.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import snowballstemmer
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.db.models import QuerySet

from directory.models import (
    MAX_TOKEN_LENGTH,
    Attribute,
    SearchToken,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.vocabulary import FACET_BITS

# Tokens for terms and areas: letters and digits only (like every token), and a prefix no Dutch
# word starts with.
TERM_PREFIX = "qqt"
AREA_PREFIX = "qqa"
# Versions in the shared cache (directory.search.versions): answers are remembered per index
# version, the typo vocabulary per vocabulary version.
INDEX_VERSION_KEY = "directory:search-index-version"
VOCABULARY_CACHE_KEY = "directory:search-vocabulary"
NOT_WORDS = (TERM_PREFIX, AREA_PREFIX)  # filter tokens, not words anyone types

# Words that carry no meaning for finding help. Matching them would make every service match.
STOPWORDS = frozenset(
    # A plain word list reads better than 150 quoted strings.
    """aan al alle als ben bij da dan dat de der des deze die dit doch doen door dus een eens en er
    ge geen geweest had heb hebben heeft hem het hier hij hoe hun ik in is ja je jij kan kon kunnen
    maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons ook op over reeds
    te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wie wij wil worden
    zal ze zei zelf zich zij zijn zo zonder zou hulp help helpen iemand ergens graag willen""".split()  # noqa: SIM905
)

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch_porter")


class _WithoutMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def normalise(text: str) -> str:
    """Lower case, no accents (één → een), only letters, digits and single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # ASCII text has no combining marks: most Dutch text skips the character by character pass.
    without_marks = decomposed if decomposed.isascii() else decomposed.translate(_WITHOUT_MARKS)
    return " ".join(_WORD_RE.findall(without_marks))


def tokens(text: str) -> list[str]:
    """The stems of the meaningful words of a text, in order, without duplicates."""
    words = [w for w in normalise(text).split() if w not in STOPWORDS and len(w) > 1]
    return list(dict.fromkeys(stem(word) for word in words))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A directory's vocabulary is small and repetitive; remembering stems halves indexing time."""
    return str(_stemmer().stemWord(word))


def facet_mask(terms: Iterable[TaxonomyTerm]) -> int:
    return facet_mask_of(term.code for term in terms)


def facet_mask_of(codes: Iterable[str]) -> int:
    """The facet bits of these taxonomy term codes."""
    mask = 0
    for code in codes:
        mask |= FACET_BITS.get(code, 0)
    return mask


def term_token(term: TaxonomyTerm) -> str:
    return _code_token(term.code)


@lru_cache(maxsize=10_000)
def _code_token(code: str) -> str:
    """A directory has a few hundred term codes, each on thousands of services."""
    return TERM_PREFIX + normalise(code).replace(" ", "")


def area_token(cbs_code: str) -> str:
    return AREA_PREFIX + normalise(cbs_code).replace(" ", "")


def document_for(
    service: Service, terms: Iterable[TaxonomyTerm], area_codes: Iterable[str] = ()
) -> tuple[str, str]:
    """(title tokens, document tokens) for one service, padded with spaces for LIKE matching.

    The document also carries a token per taxonomy term (t_…) and per CBS area served (a_…), so
    filters and facets are token matches on one row, without joins.
    """
    return document_of(
        (
            service.name,
            service.alternate_name,
            service.description,
            service.eligibility_description,
            service.organization.name,
        ),
        [(term.code, term.name) for term in terms],
        area_codes,
    )


def document_of(
    texts: tuple[str, str, str, str, str],
    terms: Iterable[tuple[str, str]],
    area_codes: Iterable[str] = (),
) -> tuple[str, str]:
    """`document_for` on plain values: `texts` are the service's name, alternate name,
    description and eligibility and its organisation's name; `terms` (code, name) pairs."""
    name, alternate_name, description, eligibility, organization_name = texts
    term_list = list(terms)
    title = tokens(f"{name} {alternate_name}")
    text = " ".join(
        [
            name,
            alternate_name,
            description,
            eligibility,
            organization_name,
            " ".join(term_name for _code, term_name in term_list),
        ]
    )
    body = (
        tokens(text)
        + [_code_token(code) for code, _name in term_list]
        + [area_token(c) for c in area_codes if c]
    )
    return f" {' '.join(title)} ", f" {' '.join(dict.fromkeys(body))} "


def terms_by_service(service_ids: Iterable[object]) -> dict[object, list[TaxonomyTerm]]:
    """The taxonomy terms of each service. Terms are few and shared: one instance per term, with
    only the fields the index reads (code, name)."""
    pairs = list(
        Attribute.objects.filter(link_entity="service", link_id__in=list(service_ids))
        .order_by()
        .values_list("link_id", "taxonomy_term_id")
    )
    terms = TaxonomyTerm.objects.only("code", "name").in_bulk({term for _, term in pairs})
    result: dict[object, list[TaxonomyTerm]] = {}
    for service_id, term_id in pairs:
        result.setdefault(service_id, []).append(terms[term_id])
    return result


BATCH_SIZE = 2000
# The columns the index writes; on PostgreSQL the stored tsvector twins (search_title_tsv,
# search_document_tsv, migration 0005) are generated columns and follow by themselves.
INDEX_FIELDS = (
    "search_title",
    "search_document",
    "search_latitude",
    "search_longitude",
    "facet_mask",
)
# Only what `document_for` reads, so a batch of 2,000 services is not 2,000 full instances.
DOCUMENT_FIELDS = ("name", "alternate_name", "description", "eligibility_description")


def reindex(services: QuerySet[Service]) -> int:
    """Recompute the search tokens of these services. Returns how many were indexed."""
    count = 0
    batch: list[Service] = []
    rows = services.select_related("organization").only(*DOCUMENT_FIELDS, "organization__name")
    for service in rows.iterator(chunk_size=BATCH_SIZE):
        batch.append(service)
        if len(batch) == BATCH_SIZE:
            count += _reindex_batch(batch)
            remember_tokens(batch)
            batch = []
    if batch:
        count += _reindex_batch(batch)
        remember_tokens(batch)
    index_changed()
    return count


def index_changed() -> None:
    """Search answers are remembered per index version: start a new one."""
    _forget_version(INDEX_VERSION_KEY)


def remember_tokens(services: Iterable[Service]) -> int:
    """Add the words of these services' index that the token table does not hold yet.

    The typo vocabulary is read from that table and rebuilt only when it grows. Returns how many
    tokens were new.
    """
    return remember_words(
        text for service in services for text in (service.search_title, service.search_document)
    )


def remember_words(texts: Iterable[str], known: set[str] | None = None) -> int:
    """`remember_tokens` for index strings (search_title, search_document). `known`, when given,
    holds tokens the table is known to hold; they are not asked for again, and the ones found or
    added are put in it. Returns how many tokens were new."""
    words: set[str] = set()
    for text in texts:
        words.update(text.split())
    if known:
        words -= known
    words = {w for w in words if not w.startswith(NOT_WORDS) and len(w) <= MAX_TOKEN_LENGTH}
    if not words:
        return 0
    present = set(SearchToken.objects.filter(token__in=words).values_list("token", flat=True))
    new = sorted(words - present)
    if new:
        SearchToken.objects.bulk_create(
            [SearchToken(token=w) for w in new], batch_size=5000, ignore_conflicts=True
        )
        _forget_version(VOCABULARY_CACHE_KEY)
    if known is not None:
        known |= words
    return len(new)


def _forget_version(key: str) -> None:
    """Again after the commit, so that a search in another process cannot remember an answer
    from before the commit under the new version."""
    django_cache.delete(key)
    transaction.on_commit(lambda: django_cache.delete(key))


def _reindex_batch(batch: list[Service]) -> int:
    ids = [s.pk for s in batch]
    terms = terms_by_service(ids)
    areas = areas_by_service(ids)
    positions = public_positions(ids)
    for service in batch:
        service.search_title, service.search_document = document_for(
            service, terms.get(service.pk, []), areas.get(service.pk, [])
        )
        service.search_latitude, service.search_longitude = positions.get(service.pk, (None, None))
        service.facet_mask = facet_mask(terms.get(service.pk, []))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _write_index_postgresql(batch)
        else:
            Service.objects.bulk_update(batch, INDEX_FIELDS, batch_size=1000)
    return len(batch)


def _write_index_postgresql(batch: list[Service]) -> None:
    """One UPDATE for the batch, its values as arrays: Django's bulk_update writes a CASE WHEN per
    column and row, which PostgreSQL (and Django, building it) took most of the indexing time
    over. Like bulk_update, it leaves `updated_at` alone."""
    columns = [[getattr(service, name) for service in batch] for name in INDEX_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_service AS s SET search_title = v.title,"
            " search_document = v.document, search_latitude = v.latitude,"
            " search_longitude = v.longitude, facet_mask = v.mask"
            " FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::float8[], %s::float8[],"
            " %s::bigint[]) AS v(id, title, document, latitude, longitude, mask)"
            " WHERE s.id = v.id",
            [[service.pk for service in batch], *columns],
        )


def areas_by_service(service_ids: Iterable[object]) -> dict[object, list[str]]:
    result: dict[object, list[str]] = {}
    rows = ServiceArea.objects.filter(service_id__in=list(service_ids)).exclude(cbs_code="")
    for service_id, code in rows.values_list("service_id", "cbs_code"):
        result.setdefault(service_id, []).append(code)
    return result


def public_positions(
    service_ids: Iterable[object],
) -> dict[object, tuple[float | None, float | None]]:
    """The first public physical location of each service; confidential addresses never count."""
    rows = (
        ServiceAtLocation.objects.filter(
            service_id__in=service_ids,
            location__is_confidential=False,
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        )
        .order_by("service_id", "location__name", "location_id")
        .values_list("service_id", "location__latitude", "location__longitude")
    )
    positions: dict[object, tuple[float | None, float | None]] = {}
    for service_id, latitude, longitude in rows:
        positions.setdefault(service_id, (latitude, longitude))
    return positions


def reindex_all() -> int:
    return reindex(Service.objects.all())
