from typing import Any

from django.http import HttpRequest

from accounts.permissions import navigation_for
from notifications.services import UnreadBadge


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "navigation": navigation_for(request),
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
        # Counted (one indexed query) only when the header is drawn; nothing for visitors.
        "unread_notifications": UnreadBadge(user) if user.is_authenticated else None,
    }
