"""FHIR R4 resources this project writes are checked against the official JSON Schema in tests.

The schema is combined (one file with every resource type); a resource validates against the
definition of its `resourceType`.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent / "fhir_schema" / "fhir.schema.json"


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(resource_type: str) -> jsonschema.Draft6Validator:
    schema = _schema()
    if resource_type not in schema["definitions"]:
        raise ValueError(f"not a FHIR R4 resource type: {resource_type!r}")
    # Only the resource's own definition, so errors name the field instead of "not any of".
    root = {"definitions": schema["definitions"], "$ref": f"#/definitions/{resource_type}"}
    return jsonschema.Draft6Validator(root)


def validation_errors(resource: dict[str, Any]) -> list[str]:
    """The schema errors of one resource ("path: message"), empty when it is valid."""
    validator = _validator(str(resource.get("resourceType", "")))
    errors = sorted(validator.iter_errors(resource), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(resource)'}: {e.message}" for e in errors
    ]
