"""Matching, counting and ranking in process memory, for questions not asked before (ADR 0005).

`search._find` asks the database to match, count and rank. Nationally a broad question matches
tens of thousands of services, and the database then reads every matching row twice, once to
count and once to rank: hundreds of milliseconds. This module holds what those two passes read —
each searchable service's tokens, facet bits, filter columns and position — as arrays, and answers
the same question with the same rules in a few milliseconds; the page's services are still read
from the database by id. The answer is the same as the database's to the row (a test holds the
two equal); the order of names is the database's own, read when the index is built.

An index belongs to one index version (indexing.index_changed): any change to the directory
makes a new one. A small directory (a region) is built on the spot, in milliseconds; a large one
is built in a background thread, and until it is ready the database answers, as before. The
"open now" filter stays in the database.
"""

import bisect
import logging
import math
import threading
import time
import uuid
from array import array
from collections import defaultdict
from dataclasses import dataclass
from itertools import count
from typing import Any

import numpy as np
from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models.functions import Lower

from directory.models import Service
from directory.vocabulary import FACET_BITS

logger = logging.getLogger(__name__)

# No age limit: the extremes, so that any age passes, as NULL does in SQL.
NO_MINIMUM_AGE = int(np.iinfo(np.int32).min)
NO_MAXIMUM_AGE = int(np.iinfo(np.int32).max)
SEARCHABLE = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)


@dataclass(frozen=True)
class Postings:
    """Which services hold each token: the services of token i are
    `services[starts[i]:starts[i + 1]]`, tokens in sorted order, so the tokens that start with a
    prefix are one run and their services one slice."""

    tokens: list[str]
    starts: np.ndarray
    services: np.ndarray

    def of(self, query_token: str) -> np.ndarray:
        """The services holding this token ("…*": a token starting with it), maybe repeated."""
        if query_token.endswith("*"):
            prefix = query_token[:-1]
            low = bisect.bisect_left(self.tokens, prefix)
            high = bisect.bisect_left(self.tokens, prefix + "\uffff", low)
        else:
            low = bisect.bisect_left(self.tokens, query_token)
            high = low + 1 if low < len(self.tokens) and self.tokens[low] == query_token else low
        return self.services[self.starts[low] : self.starts[high]]


def postings_of(texts: list[str]) -> Postings:
    """Postings of space-separated token strings, text i being service i."""
    numbering: defaultdict[str, int] = defaultdict(count().__next__)
    token_numbers = array("i")
    lengths = array("i")
    for text in texts:
        words = text.split()
        lengths.append(len(words))
        token_numbers.extend(map(numbering.__getitem__, words))
    tokens = sorted(numbering)
    rank = np.empty(len(tokens), dtype=np.int32)
    rank[np.fromiter((numbering[t] for t in tokens), np.int32, len(tokens))] = np.arange(
        len(tokens), dtype=np.int32
    )
    sorted_numbers = rank[np.frombuffer(token_numbers, dtype=np.int32)]
    owners = np.repeat(np.arange(len(texts), dtype=np.int32), np.frombuffer(lengths, np.int32))
    order = np.argsort(sorted_numbers, kind="stable")
    starts = np.zeros(len(tokens) + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_numbers, minlength=len(tokens)), out=starts[1:])
    return Postings(tokens, starts, owners[order])


@dataclass(frozen=True)
class Index:
    """The searchable services of one index version; service i is the i-th by (lower(name), id)
    in the database's own collation, so ordinal order is the name order of a result list."""

    version: str
    ids: np.ndarray  # (n, 16) uint8: the UUIDs
    facet_mask: np.ndarray
    referral_none: np.ndarray
    informal: np.ndarray
    minimum_age: np.ndarray
    maximum_age: np.ndarray
    latitude: np.ndarray  # NaN without a public location
    longitude: np.ndarray
    by_latitude: np.ndarray  # ordinals with a position, south to north
    sorted_latitude: np.ndarray  # their latitudes, for finding a band by bisection
    title: Postings
    document: Postings
    group: np.ndarray  # each service's combination of the columns facets count
    groups: dict[str, np.ndarray]  # those columns per combination

    @property
    def size(self) -> int:
        return len(self.facet_mask)

    def service_id(self, ordinal: int) -> uuid.UUID:
        return uuid.UUID(bytes=self.ids[ordinal].tobytes())


COLUMNS = (
    "id",
    "facet_mask",
    "referral_requirement",
    "is_informal",
    "minimum_age",
    "maximum_age",
    "search_latitude",
    "search_longitude",
    "search_title",
    "search_document",
)


def build(version: str) -> Index:
    """Read every searchable service once, in name order."""
    column = _read_columns()
    facet_mask = np.array(column["facet_mask"], dtype=np.int64)
    referral_none = np.array([r == "none" for r in column["referral_requirement"]], dtype=bool)
    informal = np.array(column["is_informal"], dtype=bool)
    minimum_age = _integers(column["minimum_age"], NO_MINIMUM_AGE)
    maximum_age = _integers(column["maximum_age"], NO_MAXIMUM_AGE)
    latitude = _floats(column["search_latitude"])
    positioned = np.argsort(latitude, kind="stable")[: int(np.count_nonzero(~np.isnan(latitude)))]
    group, groups = _groups(facet_mask, referral_none, informal, minimum_age, maximum_age)
    return Index(
        version=version,
        ids=np.frombuffer(b"".join(i.bytes for i in column["id"]), np.uint8).reshape(-1, 16),
        facet_mask=facet_mask,
        referral_none=referral_none,
        informal=informal,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        latitude=latitude,
        longitude=_floats(column["search_longitude"]),
        by_latitude=positioned.astype(np.int32),
        sorted_latitude=latitude[positioned],
        title=postings_of(column["search_title"]),
        document=postings_of(column["search_document"]),
        group=group,
        groups=groups,
    )


def _read_columns() -> dict[str, list[Any]]:
    rows = (
        Service.objects.filter(status__in=SEARCHABLE)
        .order_by(Lower("name"), "id")
        .values_list(*COLUMNS)
    )
    columns: list[list[Any]] = [[] for _ in COLUMNS]
    for row in rows.iterator(chunk_size=10_000):
        for values, value in zip(columns, row, strict=True):
            values.append(value)
    return dict(zip(COLUMNS, columns, strict=True))


def _integers(values: list[int | None], missing: int) -> np.ndarray:
    return np.array([missing if v is None else v for v in values], dtype=np.int32)


def _floats(values: list[float | None]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=np.float64)


def _groups(
    facet_mask: np.ndarray,
    referral_none: np.ndarray,
    informal: np.ndarray,
    minimum_age: np.ndarray,
    maximum_age: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Services with the same facet columns count alike: a few thousand combinations nationally."""
    table = np.zeros(
        len(facet_mask),
        dtype=[("m", np.int64), ("r", bool), ("i", bool), ("lo", np.int32), ("hi", np.int32)],
    )
    table["m"], table["r"], table["i"] = facet_mask, referral_none, informal
    table["lo"], table["hi"] = minimum_age, maximum_age
    unique, group = np.unique(table, return_inverse=True)
    columns = {
        "facet_mask": unique["m"],
        "referral_none": unique["r"],
        "informal": unique["i"],
        "minimum_age": unique["lo"],
        "maximum_age": unique["hi"],
    }
    return group.astype(np.int32).reshape(-1), columns


# ---------------------------------------------------------------------------------------------
# Answering


@dataclass(frozen=True)
class Question:
    """A search as search._find puts it to the database, in plain values."""

    tokens: list[str] | None  # query tokens ("…*" for a word start); None: every service
    score_parts: list[tuple[str, str, int]]  # (token column, query token, weight)
    facet_bits: list[int]  # per chosen taxonomy, the bits of its chosen terms (any of them)
    age: int | None
    referral: str
    kind: str
    box: tuple[float, float, float, float] | None  # south, north, west, east
    area_tokens: list[str]  # a place's CBS areas: served there counts as near
    centre: tuple[float, float] | None  # ranked by distance from here
    by_name: bool  # one word or phrase and no place: listed by name, not by score
    page: int
    page_size: int
    age_buckets: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Answer:
    """What the database's two passes give: the page's (id, score, distance²) and the counts."""

    rows: list[tuple[uuid.UUID, int, float | None]]
    total: int
    page: int
    pages: int
    bit_counts: dict[int, int]
    other_counts: dict[str, int]


def answer(index: Index, question: Question) -> Answer:
    candidates = np.flatnonzero(_matches(index, question))
    total = len(candidates)
    pages = max(1, math.ceil(total / question.page_size))
    page = min(max(1, question.page), pages)
    score = _score(index, question.score_parts, candidates)
    distance2: np.ndarray | None = None
    if question.centre is not None:
        distance2 = _distance2(index, candidates, *question.centre)
        order = np.lexsort((candidates, distance2, -score))
    elif question.by_name:
        order = np.arange(total)  # candidates are in name order already
    else:
        order = np.argsort(-score, kind="stable")
    chosen = order[(page - 1) * question.page_size : page * question.page_size]
    rows = [
        (
            index.service_id(int(candidates[i])),
            int(score[i]),
            None if distance2 is None else float(distance2[i]),
        )
        for i in chosen
    ]
    bit_counts, other_counts = _counts(index, candidates, question.age_buckets)
    return Answer(rows, total, page, pages, bit_counts, other_counts)


def _matches(index: Index, question: Question) -> np.ndarray:
    """The conditions search._find builds in SQL, as one boolean per service."""
    if question.tokens is None:
        matches = np.ones(index.size, dtype=bool)
    else:
        matches = _any_token(index.document, question.tokens, index.size)
    for bits in question.facet_bits:
        matches &= (index.facet_mask & bits) != 0
    if question.age is not None:
        matches &= index.minimum_age <= question.age
        matches &= index.maximum_age >= question.age
    if question.referral == "none":
        matches &= index.referral_none
    elif question.referral == "needed":
        matches &= ~index.referral_none
    if question.kind == "informal":
        matches &= index.informal
    elif question.kind == "professional":
        matches &= ~index.informal
    if question.box is not None:
        near = _any_token(index.document, question.area_tokens, index.size)
        near[_in_box(index, *question.box)] = True
        matches &= near
    return matches


def _in_box(index: Index, south: float, north: float, west: float, east: float) -> np.ndarray:
    """The services whose position is in the box (edges included): the latitude band by
    bisection, then the longitudes of that band."""
    first = np.searchsorted(index.sorted_latitude, south, side="left")
    last = np.searchsorted(index.sorted_latitude, north, side="right")
    band = index.by_latitude[first:last]
    longitudes = index.longitude[band]
    return band[(longitudes >= west) & (longitudes <= east)]


def _any_token(postings: Postings, query_tokens: list[str], size: int) -> np.ndarray:
    found = np.zeros(size, dtype=bool)
    for token in query_tokens:
        found[postings.of(token)] = True
    return found


def _score(index: Index, parts: list[tuple[str, str, int]], candidates: np.ndarray) -> np.ndarray:
    """The candidates' scores: the summed weights of the parts each one holds."""
    score = np.zeros(len(candidates), dtype=np.int32)
    for field_name, token, weight in parts:
        postings = index.title if field_name == "search_title" else index.document
        holds = _any_token(postings, [token], index.size)[candidates]
        score[holds] += weight
    return score


def _distance2(
    index: Index, candidates: np.ndarray, latitude: float, longitude: float
) -> np.ndarray:
    """search.distance_expression: the same operations in the same order, so the same floats."""
    km_per_degree = 111.32
    scale = math.cos(math.radians(latitude))
    dlat = (index.latitude[candidates] - latitude) * km_per_degree
    dlon = (index.longitude[candidates] - longitude) * km_per_degree * scale
    distance2 = dlat * dlat + dlon * dlon
    return np.where(np.isnan(distance2), 1e9, distance2)


def _counts(
    index: Index, candidates: np.ndarray, age_buckets: tuple[tuple[str, int, int], ...]
) -> tuple[dict[int, int], dict[str, int]]:
    """search._counts, summed per combination of facet columns instead of per row."""
    groups = index.groups
    per_group = np.bincount(index.group[candidates], minlength=len(groups["facet_mask"]))
    bit_counts: dict[int, int] = {}
    for bit in FACET_BITS.values():
        n = int(per_group[(groups["facet_mask"] & bit) != 0].sum())
        if n:
            bit_counts[bit] = n
    sums = {
        "referral:none": per_group[groups["referral_none"]].sum(),
        "referral:needed": per_group[~groups["referral_none"]].sum(),
        "kind:informal": per_group[groups["informal"]].sum(),
        "kind:professional": per_group[~groups["informal"]].sum(),
    }
    for key, low, high in age_buckets:
        overlaps = (groups["minimum_age"] <= high) & (groups["maximum_age"] >= low)
        sums[f"age:{key}"] = per_group[overlaps].sum()
    return bit_counts, {key: int(n) for key, n in sums.items() if n}


# ---------------------------------------------------------------------------------------------
# The index of this process


class _Holder:
    """The current index of this process and the one background build, if any."""

    def __init__(self) -> None:
        self.index: Index | None = None
        self.building: str | None = None  # the version being built in the background
        self.last_started = -math.inf  # when the last background build started (monotonic)
        self.last_size = -1
        self.lock = threading.Lock()


_holder = _Holder()


def current(version: str) -> Index | None:
    """The index of this version, or None while it is being built (the database answers)."""
    if not settings.SEARCH_IN_MEMORY:
        return None
    index = _holder.index
    if index is not None and index.version == version:
        return index
    size = _holder.last_size if _holder.last_size >= 0 else _searchable_count()
    if size <= settings.SEARCH_IN_MEMORY_INLINE_LIMIT:
        return _install(build(version))
    _build_in_background(version)
    return None


def _searchable_count() -> int:
    return Service.objects.filter(status__in=SEARCHABLE).count()


def _install(index: Index) -> Index:
    with _holder.lock:
        _holder.index = index
        _holder.last_size = index.size
        if _holder.building == index.version:
            _holder.building = None
    return index


def _build_in_background(version: str) -> None:
    """One build at a time, and at most one per SEARCH_IN_MEMORY_REBUILD_SECONDS: a large
    directory that changes all the time must not keep a core busy rebuilding; in between, the
    database answers new questions. The next search after that starts the next build."""
    with _holder.lock:
        now = time.monotonic()
        if _holder.building is not None:
            return
        if now - _holder.last_started < settings.SEARCH_IN_MEMORY_REBUILD_SECONDS:
            return
        _holder.building = version
        _holder.last_started = now
    threading.Thread(target=_build_thread, args=(version,), daemon=True).start()


def _build_thread(version: str) -> None:
    started = time.monotonic()
    try:
        close_old_connections()
        index = build(version)
        _install(index)
        logger.info(
            "search index %s: %d services in %.1f s",
            version,
            index.size,
            time.monotonic() - started,
        )
    except Exception:
        logger.exception("building the search index failed; the database answers meanwhile")
        with _holder.lock:
            _holder.building = None
    finally:
        connections.close_all()


def forget() -> None:
    """Drop this process's index (tests)."""
    with _holder.lock:
        _holder.index = None
        _holder.last_started = -math.inf
        _holder.last_size = -1


def wait_until_built(timeout: float) -> bool:
    """For benchmarks and commands: wait for a background build to finish."""
    deadline = time.monotonic() + timeout
    while _holder.building is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return _holder.building is None
