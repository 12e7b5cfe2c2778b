"""The JSON API's exception handler: DRF's, plus the refusals of the policy decision point."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler

from privacy.policy import AccessDenied, Denial


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, AccessDenied):
        exc.ensure_logged()  # written again if its transaction was rolled back
        return refusal_response(exc)
    return exception_handler(exc, context)


def refusal_response(denied: AccessDenied) -> Response:
    """404 when the resident is unknown to the caller (as for an id nobody has), else 403."""
    decision = denied.decision
    if decision.reason == Denial.NOT_FOUND:
        return Response({"detail": _("Not found."), "reason": decision.reason}, status=404)
    return Response({"detail": decision.explanation, "reason": decision.reason}, status=403)
