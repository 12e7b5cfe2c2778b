from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import SecurityEvent
from core import crypto


class AccountAdapter(DefaultAccountAdapter):
    """Closed sign-up (accounts are invited), our own lock-out message, security events."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("The e-mail address or password is not correct."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            services.record_security_event(
                SecurityEvent.Kind.LOCKED_OUT, request, email_attempted=credentials.get("email", "")
            )
            raise ValidationError(
                gettext(
                    "This account is temporarily locked after too many failed login attempts. "
                    "Wait %(minutes)d minutes and try again, or reset your password."
                )
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                code="too_many_login_attempts",
            ) from error

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        services.record_security_event(
            SecurityEvent.Kind.LOGIN_FAILED, request, email_attempted=credentials.get("email", "")
        )


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted, never in the clear."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
