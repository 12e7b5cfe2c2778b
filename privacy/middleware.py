"""The edge for access decisions: an AccessDenied that reaches it is logged (again, if its entry
was rolled back with the transaction it happened in) and answered with a page that explains it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from privacy.policy import AccessDenied, Denial


class AccessDeniedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AccessDenied):
            return None
        exception.ensure_logged()
        return no_access_response(request, exception)


def no_access_response(request: HttpRequest, denied: AccessDenied) -> HttpResponse:
    """404 when the resident is unknown to the asker (the same as for an id nobody has), 403 with
    the reason and what to do otherwise."""
    decision = denied.decision
    status = 404 if decision.reason == Denial.NOT_FOUND else 403
    resident_id = denied.entry.resident_id if denied.entry is not None else None
    context = {"decision": decision, "resident_id": resident_id if status == 403 else None}
    return render(request, "privacy/no_access.html", context, status=status)
