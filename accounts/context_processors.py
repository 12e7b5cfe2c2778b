from typing import Any

from django.http import HttpRequest

from accounts.permissions import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "navigation": navigation_for(request),
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
