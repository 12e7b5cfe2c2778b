from typing import Any

from audit import services
from audit.models import AuditEntry
from audit.testing import TABLE, without_append_only_trigger


def log(n: int = 1, **overrides: Any) -> list[AuditEntry]:
    """Write n entries: a system task reading resident 1's plan, unless told otherwise."""
    fields: dict[str, Any] = {
        "actor": None,
        "organization": None,
        "resident_id": 1,
        "records": ["plan:1"],
        "categories": ["plan"],
        "purpose": "care_coordination",
        "action": "read",
        "outcome": "allowed",
        "basis": "care_team:1",
        "reason": "",
        "channel": "task",
    } | overrides
    return [services.record(**fields) for _ in range(n)]


def tamper(sql: str, params: list[Any]) -> None:
    """Raw SQL on the log behind the application's back (as a superuser would)."""
    with without_append_only_trigger() as cursor:
        cursor.execute(sql.replace("{table}", TABLE), params)
