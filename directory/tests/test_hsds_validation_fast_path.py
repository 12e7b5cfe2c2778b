"""The compiled validator (the fast path of validation.py) says valid exactly when jsonschema does.

Every leaf value of the official examples is replaced, one at a time, by values of every JSON
type and some near misses; for each variant both validators must agree. No database needed.
"""

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from directory.hsds.importer import records_in
from directory.hsds.validation import ENTITIES, _is_valid, _validator

EXAMPLES = Path(__file__).resolve().parent / "hsds_examples"
REPLACEMENTS: tuple[Any, ...] = (
    None,
    True,
    1,
    1.0,
    -1,
    1.5,
    "",
    "A" * 300,
    "3F7B145D-84AF-42D7-8FAE-EACA714B02B2",
    "2024-13-01",
    "25:00",
    "WK123456",
    "a@b",
    "active",
    [],
    [{}],
    {},
)


def example_records() -> list[tuple[str, Any]]:
    records = []
    for file in sorted(EXAMPLES.glob("*.json")):
        for record in records_in(json.loads(file.read_text(encoding="utf-8"))):
            if record.entity in ENTITIES:
                records.append((record.entity, record.data))
    return records


def leaf_paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from leaf_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from leaf_paths(value, (*prefix, index))


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    variant = copy.deepcopy(data)
    target = variant
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return variant


def variants(data: Any, depth: int = 9) -> Iterator[Any]:
    """The record, and a copy per (value, replacement) down to `depth` keys and indexes deep."""
    yield data
    for path in leaf_paths(data):
        if len(path) > depth:
            continue
        for value in REPLACEMENTS:
            yield replaced(data, path, value)
        if isinstance(path[-1], str):
            variant = replaced(data, path, None)
            owner = variant
            for part in path[:-1]:
                owner = owner[part]
            del owner[path[-1]]
            yield variant  # the key left out


NL_KEYS = {
    "nl_referral_requirement": "gp",
    "nl_waiting_weeks": 3,
    "nl_capacity_updated_at": "2024-05-16T09:30:00Z",
    "nl_schedule_exceptions": [
        {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "date": "2024-12-24"}
    ],
}


@pytest.mark.parametrize(("entity", "data"), example_records())
def test_the_compiled_validator_agrees_with_jsonschema(entity: str, data: Any) -> None:
    # The profile adds to the official schemas; the official ones alone are checked below.
    profile = True
    if entity == "service":
        data = {**data, **NL_KEYS}
    disagreements = []
    checked = 0
    for variant in variants(data, depth=3 if entity != "location" else 9):
        expected = not any(_validator(entity, profile).iter_errors(variant))
        if _is_valid(entity, variant, profile) != expected:
            disagreements.append(json.dumps(variant)[:300])
        checked += 1
    assert checked > 1
    assert disagreements == []


def test_without_the_profile_too() -> None:
    entity, data = example_records()[0]
    for variant in variants(data):
        expected = not any(_validator(entity, False).iter_errors(variant))
        assert _is_valid(entity, variant, False) == expected


def test_whole_records_of_another_type_are_invalid_for_both() -> None:
    for entity in ENTITIES:
        values: tuple[Any, ...] = (None, 1, "x", [], {})
        for value in values:
            expected = not any(_validator(entity, True).iter_errors(value))
            assert _is_valid(entity, value, True) == expected
