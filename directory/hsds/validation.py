"""Validation against the official HSDS 3.0 JSON schemas, offline.

The files in schema/ are the upstream schemas, unchanged. They refer to each other by file name
(`"$ref": "phone.json"`); a local `referencing.Registry` holds them under their upstream URLs, so
nothing is ever fetched over the network.

The NL profile adds the `nl_…` properties (docs/hsds-nl-profile.md) to copies of the same schemas,
the way HSDS profiles are built: a merge patch on the properties of each schema. The import
validates with the profile; the tests check the output against the official schemas as well.
"""

import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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


def _schema_problems(
    entity: str, data: Any, prefix: Sequence[str | int], profile: bool
) -> list[Problem]:
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
