"""The append-only, tamper-evident access log (ADR 0010).

`audit.record(...)` is `audit.services.record`: the policy decision point calls it for every
decision, allowed or denied, inside the transaction of the action.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    # Lazy, so that importing the package does not load models before the app registry is ready.
    if name in {"record", "verify_chain", "accesses_of"}:
        from audit import services

        return getattr(services, name)
    raise AttributeError(name)
