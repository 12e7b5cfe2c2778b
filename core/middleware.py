from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin

# Features a page of ours never needs; denying them limits what injected content could do.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """Dutch unless the visitor chose otherwise: the language switch's cookie, else the account's
    preferred language, else Dutch. The browser's Accept-Language is deliberately ignored: a Dutch
    public service speaks Dutch first, and English is one click away."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response

    def choose(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in self.supported:
            return str(chosen)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language in self.supported:
            return str(user.preferred_language)
        return settings.LANGUAGE_CODE


# --- requests to the JSON API that carry only an API key ---------------------------------------

API_PREFIX = "/api/"
_BY_API_KEY = "_ontschot_by_api_key"


def by_api_key_alone(request: HttpRequest) -> bool:
    """A request to the JSON API with an `Authorization: Bearer` key and no session cookie.

    Nothing in it can come from a session: DRF authenticates it by its key (a wrong key is
    refused, never handed on to the session). Sessions, CSRF, the user from the session and
    messages serve a browser session, so for such a request they cost time (~0.5 ms) and do
    nothing. A request that sends a session cookie, with or without a key, goes through all of
    them (and the idle time-out and two-factor checks that read the session's user) as before.
    """
    known = request.__dict__.get(_BY_API_KEY)
    if known is None:
        known = (
            request.path_info.startswith(API_PREFIX)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
        )
        request.__dict__[_BY_API_KEY] = known
    return known


class _SkippedByApiKeys(MiddlewareMixin):
    """Mixed into a Django middleware: requests `by_api_key_alone` go straight on. Subclasses
    (not wrappers) so that Django's and the admin's checks still find the middleware."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if by_api_key_alone(request):
            self.skipped(request)
            return self.get_response(request)
        return super().__call__(request)

    def skipped(self, request: HttpRequest) -> None:
        """What later middleware needs of the one skipped."""


class SessionUnlessApiKey(_SkippedByApiKeys, SessionMiddleware):
    pass


class CsrfUnlessApiKey(_SkippedByApiKeys, CsrfViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., Any],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if by_api_key_alone(request):
            return None
        return super().process_view(request, callback, callback_args, callback_kwargs)


class AuthenticationUnlessApiKey(_SkippedByApiKeys, AuthenticationMiddleware):
    def skipped(self, request: HttpRequest) -> None:
        # Anonymous until DRF authenticates the key, as AuthenticationMiddleware makes it without
        # a session; the language, idle time-out, two-factor and membership middleware read it.
        request.user = AnonymousUser()


class MessagesUnlessApiKey(_SkippedByApiKeys, MessageMiddleware):
    pass
