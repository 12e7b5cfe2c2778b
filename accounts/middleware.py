"""Request-level rules for signed-in users: idle time-out, required 2FA, acting organisation."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import services
from accounts.models import SecurityEvent

LAST_ACTIVITY_KEY = "ontschot_last_activity"
LOGIN_AT_KEY = "ontschot_login_at"
# Writing the session on every request is wasteful; a minute of slack is harmless.
ACTIVITY_WRITE_INTERVAL_SECONDS = 60


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleSessionTimeoutMiddleware:
    """Sign out a user who did nothing for SESSION_IDLE_MINUTES, or who logged in more than
    SESSION_MAX_HOURS ago, and tell them why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            reason = self.expiry_reason(request, now)
            if reason:
                return self.expire(request, reason)
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is None or now - last > ACTIVITY_WRITE_INTERVAL_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def expiry_reason(request: HttpRequest, now: float) -> str:
        last = request.session.get(LAST_ACTIVITY_KEY)
        logged_in_at = request.session.setdefault(LOGIN_AT_KEY, now)
        if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
            return _(
                "Your session has expired because you were inactive for %(minutes)d "
                "minutes. Please log in again."
            ) % {"minutes": settings.SESSION_IDLE_MINUTES}
        if now - logged_in_at > settings.SESSION_MAX_HOURS * 3600:
            return _(
                "Your session has ended because you logged in more than %(hours)d hours ago. "
                "Please log in again."
            ) % {"hours": settings.SESSION_MAX_HOURS}
        return ""

    @staticmethod
    def expire(request: HttpRequest, reason: str) -> HttpResponse:
        user = request.user
        logout(request)
        services.record_security_event(SecurityEvent.Kind.SESSION_EXPIRED, request, user=user)
        messages.warning(request, reason)
        login_url = reverse("account_login") + "?" + urlencode({"next": request.get_full_path()})
        return _redirect(request, login_url)


class RequireTwoFactorMiddleware:
    """With REQUIRE_2FA on, a professional without TOTP can only set it up or log out."""

    ALLOWED_PREFIXES = ("/account/", "/static/", "/taal/", "/gezond/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.REQUIRE_2FA
            and request.user.is_authenticated
            and request.user.is_professional
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not services.has_totp(request.user)
        ):
            messages.info(
                request,
                _(
                    "Professionals must use two-factor login. Set up an authenticator app to continue."
                ),
            )
            return _redirect(request, reverse("mfa_activate_totp"))
        return self.get_response(request)


class ActiveMembershipMiddleware:
    """Set request.membership: the organisation and role a professional is acting for now."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated and request.user.is_professional:
            memberships = services.active_memberships(request.user)
            request.memberships = memberships  # type: ignore[attr-defined]
            request.membership = services.acting_membership(request.session, memberships)  # type: ignore[attr-defined]
        return self.get_response(request)
