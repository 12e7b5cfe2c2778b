import time
from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from accounts import services
from accounts.middleware import LOGIN_AT_KEY
from accounts.models import SecurityEvent


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    request.session[LOGIN_AT_KEY] = time.time()
    services.record_security_event(SecurityEvent.Kind.LOGIN, request, user=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        services.record_security_event(SecurityEvent.Kind.LOGOUT, request, user=user)


@receiver(authenticator_added)
def on_authenticator_added(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    if authenticator.type == authenticator.Type.TOTP:
        services.record_security_event(SecurityEvent.Kind.TOTP_ENABLED, request, user=user)


@receiver(authenticator_removed)
def on_authenticator_removed(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    if authenticator.type == authenticator.Type.TOTP:
        services.record_security_event(SecurityEvent.Kind.TOTP_DISABLED, request, user=user)
