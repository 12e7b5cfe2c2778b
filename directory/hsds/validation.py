"""Validation against the official HSDS 3.0 JSON schemas, offline.

The files in schema/ are the upstream schemas, unchanged. They refer to each other by file name
(`"$ref": "phone.json"`); a local `referencing.Registry` holds them under their upstream URLs, so
nothing is ever fetched over the network.

The NL profile adds the `nl_…` properties (docs/hsds-nl-profile.md) to copies of the same schemas,
the way HSDS profiles are built: a merge patch on the properties of each schema. The import
validates with the profile; the tests check the output against the official schemas as well.

Speed: a record is first checked by a compiled validator (`fastjsonschema`, built once per kind
from the same schemas, with the format checks of `jsonschema`). Only a record it rejects goes
through `jsonschema`, which names every problem: the messages are those of `jsonschema` alone.
The schemas use only keywords both libraries read the same way (type, properties, required,
items, enum, pattern, maxLength, minimum, maximum, format, $ref without siblings); `_compiled`
refuses any other keyword, so a new schema cannot silently validate differently.
"""

import copy
import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from directory.models import CapacityStatus, ReferralRequirement

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
BASE_URI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URL = BASE_URI + "openapi.json"
# The kinds of top-level record the import and the API deal in, in the order they depend on
# each other: a term needs its taxonomy, a service its organisation, and so on.
ENTITIES = (
    "taxonomy",
    "taxonomy_term",
    "organization",
    "location",
    "service",
    "service_at_location",
)
MAX_PROBLEMS = 10

_BOOLEAN: dict[str, Any] = {"type": "boolean"}
_DATE_TIME: dict[str, Any] = {"type": ["string", "null"], "format": "date-time"}
_TIME: dict[str, Any] = {
    "type": ["string", "null"],
    "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$",
}
SCHEDULE_EXCEPTION: dict[str, Any] = {
    "type": "object",
    "required": ["id", "date"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "date": {"type": "string", "format": "date"},
        "closed": _BOOLEAN,
        "opens_at": _TIME,
        "closes_at": _TIME,
        "note": {"type": "string", "maxLength": 255},
    },
}
NL_PROFILE: dict[str, dict[str, Any]] = {
    "service": {
        "nl_referral_requirement": {"type": "string", "enum": ReferralRequirement.values},
        "nl_referral_note": {"type": "string", "maxLength": 255},
        "nl_recognised_intervention": _BOOLEAN,
        "nl_is_informal": _BOOLEAN,
        "nl_capacity_status": {"type": "string", "enum": CapacityStatus.values},
        "nl_waiting_weeks": {"type": ["integer", "null"], "minimum": 0, "maximum": 32767},
        "nl_capacity_updated_at": _DATE_TIME,
        "nl_last_verified_at": _DATE_TIME,
        "nl_schedule_exceptions": {"type": "array", "items": SCHEDULE_EXCEPTION},
    },
    "organization": {"nl_is_informal": _BOOLEAN},
    "location": {
        "nl_is_confidential": _BOOLEAN,
        "nl_district": {"type": ["string", "null"], "pattern": "^WK[0-9]{6}$"},
    },
    "contact": {
        "nl_is_liaison": _BOOLEAN,
        "nl_reachable": {"type": "string", "maxLength": 255},
    },
    "schedule": {"nl_closed_on_public_holidays": _BOOLEAN},
    "service_area": {
        "nl_cbs_code": {"type": "string", "pattern": "^(|GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$"},
    },
}
PAGE_KEYS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: where (a JSON path inside the record) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def json_path(parts: Iterable[str | int]) -> str:
    """("service_at_locations", 0, "location") → "service_at_locations[0].location"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@cache
def _official_schemas() -> dict[str, dict[str, Any]]:
    return {
        file.stem: json.loads(file.read_text(encoding="utf-8"))
        for file in sorted(SCHEMA_DIR.glob("*.json"))
        if file.name != "openapi.json"
    }


@cache
def openapi() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


def _with_profile(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    if name not in NL_PROFILE:
        return schema
    patched = copy.deepcopy(schema)
    patched["properties"].update(NL_PROFILE[name])
    return patched


@cache
def _registry(profile: bool) -> Registry:
    resources = [
        (
            f"{BASE_URI}{name}.json",
            DRAFT202012.create_resource(_with_profile(name, schema) if profile else schema),
        )
        for name, schema in _official_schemas().items()
    ]
    return Registry().with_resources(resources)


@cache
def _validator(entity: str, profile: bool) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{BASE_URI}{entity}.json"},
        registry=_registry(profile),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


# Keywords the compiled validator may meet: those that validate the same in draft 7
# (fastjsonschema) and 2020-12 (jsonschema) for these schemas, and annotations.
SAME_IN_BOTH_DRAFTS = frozenset(
    {"type", "properties", "required", "items", "enum", "pattern", "maxLength", "minimum"}
    | {"maximum", "format", "$ref"}
)
ANNOTATIONS = frozenset(
    {"$schema", "$id", "name", "title", "description", "example", "constraints", "unique"}
    | {"core", "order", "path", "datapackage_metadata", "datapackage_type", "mediatype"}
    | {"profile", "tabular_required"}
)
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _check_keywords(schema: Any, where: str) -> None:
    """Raise when a schema uses a keyword the two validators might read differently."""
    if isinstance(schema, list):
        for item in schema:
            _check_keywords(item, where)
        return
    if not isinstance(schema, dict):
        return
    unknown = set(schema) - SAME_IN_BOTH_DRAFTS - ANNOTATIONS
    if unknown or ("$ref" in schema and set(schema) - ANNOTATIONS - {"$ref"}):
        raise ValueError(f"{where}: keywords {sorted(unknown or schema)} are not compiled")
    for key, value in schema.items():
        if key == "properties":
            for name, subschema in value.items():
                _check_keywords(subschema, f"{where}.{name}")
        elif key == "items":
            _check_keywords(value, f"{where}[]")


def _format_names(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        names = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return names.union(*(_format_names(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_format_names(value) for value in schema))
    return set()


def _format_check(name: str) -> Any:
    """The check `jsonschema` makes for a format (most formats it does not check at all)."""
    checker = Draft202012Validator.FORMAT_CHECKER
    if name not in checker.checkers:
        return lambda value: True

    def conforms(value: Any) -> bool:
        return checker.conforms(value, name)

    if name == "uuid":  # most ids are canonical: a regular expression answers at once
        return lambda value: _CANONICAL_UUID.match(value) is not None or conforms(value)
    return conforms


@cache
def _compiled(entity: str, profile: bool) -> Callable[[Any], Any]:
    """A validator that only tells valid from invalid, as fast as it gets: generated Python code.
    References resolve from the local schemas (`_store`), never over the network."""
    store = {
        f"{BASE_URI}{name}.json": _with_profile(name, schema) if profile else schema
        for name, schema in _official_schemas().items()
    }
    for uri, schema in store.items():
        _check_keywords(schema, uri)
    formats = {name: _format_check(name) for name in _format_names(list(store.values()))}
    # fastjsonschema checks some formats itself unless told otherwise: jsonschema's word counts.
    formats |= {name: _format_check(name) for name in ("date-time", "uri", "email", "date")}
    code = fastjsonschema.compile_to_code(
        {"$ref": f"{BASE_URI}{entity}.json"},
        handlers={"https": store.__getitem__},
        formats=formats,
        use_default=False,
        detailed_exceptions=False,  # no copy of the schema in each exception: 1/7 of the code
    )
    # The generated code names every nested value for its exception messages as it goes (a
    # `str.format(**locals())` per list item, a quarter of the time). Only valid or invalid is
    # asked here, so those names stay unformatted; the checks are untouched.
    lean = _NAME_FORMATTING.sub(r"\1", code)
    if "locals()" in lean:  # written differently by another fastjsonschema: leave it alone
        lean = code
    namespace: dict[str, Any] = {}
    exec(compile(lean, f"<HSDS {entity} validator>", "exec"), namespace)  # noqa: S102 (our schemas)
    return functools.partial(namespace["validate"], custom_formats=formats)


_NAME_FORMATTING = re.compile(r'(\(name_prefix or "data"\) \+ "[^"\\]*")\.format\(\*\*locals\(\)\)')


def _is_valid(entity: str, data: Any, profile: bool) -> bool:
    try:
        _compiled(entity, profile)(data)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def _schema_problems(
    entity: str, data: Any, prefix: Sequence[str | int], profile: bool
) -> list[Problem]:
    if _is_valid(entity, data, profile):
        return []
    errors = _validator(entity, profile).iter_errors(data)
    problems = [
        Problem(json_path([*prefix, *error.absolute_path]), error.message) for error in errors
    ]
    return sorted(problems, key=lambda problem: problem.path)


def record_problems(entity: str, data: Any, *, profile: bool = True) -> list[Problem]:
    """What is wrong with one HSDS record of this kind; an empty list when it is valid.

    An organisation may carry its `services` and a service_at_location its `service` (the API's
    nested shapes); the base schemas do not describe those keys, so they are checked here.
    """
    problems = _schema_problems(entity, data, (), profile)
    if not isinstance(data, dict):
        return problems
    if entity == "organization" and "services" in data:
        if isinstance(data["services"], list):
            for index, service in enumerate(data["services"]):
                problems += _schema_problems("service", service, ("services", index), profile)
        else:
            problems.append(Problem("services", f"{data['services']!r} is not of type 'array'"))
    if entity == "service_at_location" and "service" in data:
        problems += _schema_problems("service", data["service"], ("service",), profile)
    return problems


def page_problems(data: Any, entity: str, *, profile: bool = False) -> list[Problem]:
    """What is wrong with an API page: the `Page` header of openapi.json, every key of it present,
    and each item of `contents` a valid record of its kind."""
    schema = {
        "allOf": [openapi()["components"]["schemas"]["Page"]],
        "required": [*PAGE_KEYS, "contents"],
        "properties": {"contents": {"type": "array"}},
    }
    errors = Draft202012Validator(schema).iter_errors(data)
    problems = [Problem(json_path(error.absolute_path), error.message) for error in errors]
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        for index, item in enumerate(data["contents"]):
            problems += [
                Problem(
                    json_path(["contents", index]) + ("." + p.path if p.path else ""), p.message
                )
                for p in record_problems(entity, item, profile=profile)
            ]
    return problems


def index_problems(data: Any) -> list[Problem]:
    """The `/` response: the schema of openapi.json, with its three keys required."""
    response = openapi()["paths"]["/"]["get"]["responses"]["200"]
    schema = {
        **response["content"]["application/json"]["schema"],
        "required": ["version", "profile", "openapi_url"],
    }
    return [
        Problem(json_path(error.absolute_path), error.message)
        for error in Draft202012Validator(schema).iter_errors(data)
    ]
