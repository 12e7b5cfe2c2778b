"""Account rules: who acts for which organisation, security events, inviting people.

Views, commands and tasks call these functions; they do not save accounts models themselves.
"""

import datetime
import hashlib
import secrets
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AccountKind, ApiToken, Membership, Organization, SecurityEvent, User

ACTING_MEMBERSHIP_KEY = "ontschot_membership_id"


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        .select_related("organization__municipality")
        .order_by("organization__name", "role")
    )


def acting_membership(session: SessionBase, memberships: list[Membership]) -> Membership | None:
    """The membership chosen in this session, or the first one when none (or a stale one) is."""
    chosen = session.get(ACTING_MEMBERSHIP_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


def do_switch_membership(request: HttpRequest, membership_id: int) -> Membership | None:
    """Act for another of the user's own memberships; None when the id is not theirs."""
    for membership in active_memberships(request.user):  # type: ignore[arg-type]
        if membership.pk == membership_id:
            request.session[ACTING_MEMBERSHIP_KEY] = membership.pk
            return membership
    return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The visitor's address as allauth's rate limits see it (behind TRUSTED_PROXY_COUNT proxies)."""
    if request is None:
        return None
    try:
        return get_account_adapter().get_client_ip(request) or None
    except PermissionDenied:  # no address at all, e.g. a login made by a command or a test
        return None


def do_set_preferred_language(user: User, language: str) -> None:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def record_security_event(
    kind: str, request: HttpRequest | None, *, user: Any = None, email_attempted: str = ""
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and getattr(user, "pk", None) else None,
        email_attempted=email_attempted[:254],
        ip_address=client_ip(request),
    )


@transaction.atomic
def do_update_organization(
    organization: Organization, data: dict[str, Any], *, actor: User
) -> Organization:
    """Change an organisation's public contact details."""
    fields = ["email", "phone", "website", "description"]
    for field in fields:
        setattr(organization, field, data[field])
    organization.save(update_fields=[*fields, "updated_at"])
    return organization


@transaction.atomic
def do_invite_professional(
    *,
    email: str,
    first_name: str,
    last_name: str,
    organization: Organization,
    role: str,
    job_title: str = "",
    actor: User | None = None,
) -> User:
    """Create a professional account without a usable password and send the welcome e-mail.

    The e-mail is queued only when the transaction commits, so a failed invitation sends nothing.
    """
    from accounts.tasks import send_welcome_email

    user = User.objects.create_user(
        email=email,
        password=None,  # the welcome e-mail lets them choose one
        first_name=first_name,
        last_name=last_name,
        kind=AccountKind.PROFESSIONAL,
    )
    Membership.objects.create(user=user, organization=organization, role=role, job_title=job_title)
    transaction.on_commit(lambda: send_welcome_email.enqueue(user_id=user.pk))
    return user


def password_setup_url(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_BASE_URL.rstrip("/") + path


def send_welcome_email_now(user: User) -> None:
    """Render and send the welcome e-mail in the user's own language."""
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "memberships": list(user.memberships.select_related("organization")),
            "setup_url": password_setup_url(user),
            "login_url": settings.SITE_BASE_URL.rstrip("/") + reverse("account_login"),
        }
        subject = render_to_string("emails/welcome_subject.txt", context).strip()
        body = render_to_string("emails/welcome_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


# --- API keys (ADR 0013) ---

API_KEY_START = "ont_"
# A key is "ont_" + 8 hex characters (the prefix, not secret) + "_" + 43 characters of
# token_urlsafe(32): 256 random bits, so a SHA-256 without salt or stretching is enough.
API_KEY_MAX_LENGTH = 100


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> tuple[str, str]:
    """A fresh key and its prefix (the part that may be shown again later)."""
    prefix = API_KEY_START + secrets.token_hex(4)
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def do_create_api_token(
    membership: Membership,
    *,
    name: str,
    expires_at: datetime.datetime | None,
    actor: User,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Make a key that acts as `membership`; returns the token and the key, which is not kept."""
    if membership.user_id != actor.pk:
        raise PermissionDenied("A key can only be made for one's own membership.")
    prefix, key = new_api_key()
    token = ApiToken.objects.create(
        membership=membership,
        name=name,
        prefix=prefix,
        key_hash=hash_api_key(key),
        created_at=timezone.now(),
        created_by=actor,
        expires_at=expires_at,
    )
    record_security_event(SecurityEvent.Kind.API_TOKEN_CREATED, request, user=actor)
    return token, key


@transaction.atomic
def do_revoke_api_token(
    token: ApiToken, *, actor: User, request: HttpRequest | None = None
) -> ApiToken:
    """Stop a key at once; revoking a revoked key changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    record_security_event(SecurityEvent.Kind.API_TOKEN_REVOKED, request, user=actor)
    return token


def api_tokens_visible_to(
    membership: Membership, *, whole_organization: bool
) -> QuerySet[ApiToken]:
    """The user's own keys (for any of their memberships) and, for an administrator, every key
    that acts for their organisation."""
    visible = Q(membership__user_id=membership.user_id)
    if whole_organization:
        visible |= Q(membership__organization_id=membership.organization_id)
    return ApiToken.objects.filter(visible).select_related(
        "membership__user", "membership__organization", "created_by", "revoked_by"
    )
