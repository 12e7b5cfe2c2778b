"""API keys for systems: `Authorization: Bearer <key>` on the JSON API (ADR 0013).

A key acts as one membership — one person, for one organisation, in one role — so the policy
decision point (`privacy.policy.Actor.of(request)`) and the access log see the same organisation
as they would for that person's browser session. One indexed query per request (a prepared
statement) reads the key with its membership, user and organisation; `last_used_at` is written
at most once a minute.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.services import API_KEY_MAX_LENGTH, API_KEY_START, hash_api_key
from core.prepared import OneRow

KEYWORD = b"bearer"
# Writing last_used_at on every request would make every read a write; a minute is precise enough.
LAST_USED_WRITE_INTERVAL = datetime.timedelta(minutes=1)


# The key with its membership, user and organisation, read on every API request: compiled once and
# run as a prepared statement (core.prepared). Nothing is cached: a revoked key is refused at once.
_TOKEN = OneRow(
    ApiToken,
    lambda key_hash: (
        ApiToken.objects.select_related("membership__user", "membership__organization")
        .filter(key_hash=key_hash)
        .order_by()
    ),
)


class ApiKeyRefused(exceptions.AuthenticationFailed):
    """401 in the API's error format: {"detail": "...", "reason": "..."}."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail={"detail": detail, "reason": reason}, code=reason)


def _refusal(reason: str) -> ApiKeyRefused:
    messages = {
        "invalid_key": _(
            "This API key is not valid. Send the whole key, as 'Authorization: Bearer <key>'."
        ),
        "key_revoked": _(
            "This API key has been revoked. Make a new key on your page for API keys in ontschot."
        ),
        "key_expired": _(
            "This API key has expired. Make a new key on your page for API keys in ontschot."
        ),
        "key_inactive": _(
            "The account, organisation or role this API key acts for is no longer active."
        ),
    }
    return ApiKeyRefused(reason, messages[reason])


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticate a request by an API key and let it act through the key's membership."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        try:
            words = get_authorization_header(request).split()
        except UnicodeError:  # a header that is not even Latin-1
            raise _refusal("invalid_key") from None
        if not words or words[0].lower() != KEYWORD:
            return None  # no key: another authentication (the session) may apply
        if len(words) != 2 or len(words[1]) > API_KEY_MAX_LENGTH:
            raise _refusal("invalid_key")
        try:
            key = words[1].decode("ascii")
        except UnicodeError:
            raise _refusal("invalid_key") from None
        if not key.startswith(API_KEY_START):
            raise _refusal("invalid_key")
        token = _TOKEN.get(hash_api_key(key))
        if token is None:
            raise _refusal("invalid_key")
        now = timezone.now()
        state = token.state(now)
        if state != ApiToken.State.ACTIVE:
            raise _refusal(f"key_{state}")
        self._note_use(token, now)
        membership = token.membership
        # Actor.of(request) and the capability checks read these from the Django request.
        django_request = request._request
        django_request.membership = membership  # type: ignore[attr-defined]
        django_request.memberships = [membership]  # type: ignore[attr-defined]
        django_request.api_token = token  # type: ignore[attr-defined]
        if hasattr(django_request, "_capabilities"):
            del django_request._capabilities
        return membership.user, token

    @staticmethod
    def _note_use(token: ApiToken, now: datetime.datetime) -> None:
        last = token.last_used_at
        if last is not None and now - last < LAST_USED_WRITE_INTERVAL:
            return
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

    def authenticate_header(self, request: Request) -> str | None:
        """Ask for a key (401) only from callers that sent one; a request without any
        credentials keeps the session authentication's 403, as before keys existed."""
        try:
            words = get_authorization_header(request).split()
        except UnicodeError:
            words = [KEYWORD]
        if words and words[0].lower() == KEYWORD:
            return 'Bearer realm="ontschot", error="invalid_token"'
        return None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The bearer scheme in openapi.yaml."""

    target_class = "accounts.api_auth.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # noqa: S106  (the scheme's name, not a secret)
        )
        scheme["description"] = (
            "An API key made by a professional on their page for API keys; it acts as that "
            "person, for the organisation and in the role they chose when making it."
        )
        return scheme
