from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import SecurityEvent


class AccountAdapter(DefaultAccountAdapter):
    """Closed sign-up (accounts are invited), our own lock-out message, security events."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "This account is temporarily locked after too many failed login attempts. "
            "Wait 15 minutes and try again, or reset your password."
        ),
        "email_password_mismatch": _("The e-mail address or password is not correct."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            services.record_security_event(
                SecurityEvent.Kind.LOCKED_OUT, request, email_attempted=credentials.get("email", "")
            )
            raise

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        services.record_security_event(
            SecurityEvent.Kind.LOGIN_FAILED, request, email_attempted=credentials.get("email", "")
        )
