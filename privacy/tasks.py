"""Messages to residents about their data; run by `manage.py db_worker`."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from privacy.models import BreakGlassAccess, Consent
from residents.models import Resident


def _address_of(resident: Resident) -> tuple[str, str]:
    """(e-mail address, language) of the resident, preferring their account's."""
    if resident.account is not None and resident.account.email:
        return resident.account.email, resident.account.preferred_language or "nl"
    return resident.email, "nl"


def _send(resident: Resident, template: str, context: dict[str, object]) -> bool:
    address, language = _address_of(resident)
    if not address:
        return False  # the portal shows it; there is no address to write to
    with translation.override(language):
        context = {**context, "resident": resident, "portal_url": f"{settings.SITE_BASE_URL}/mijn/"}
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return True


@task()
def announce_verbal_consent(consent_id: int) -> bool:
    """Tell the resident a professional recorded a consent for them, and how to revoke it."""
    consent = (
        Consent.objects.select_related("resident__account", "organization", "recorded_for")
        .filter(pk=consent_id)
        .first()
    )
    if consent is None:
        return False
    return _send(consent.resident, "consent_recorded", {"consent": consent})


@task()
def announce_break_glass(access_id: int) -> bool:
    """Tell the resident someone used emergency access to their data, and why."""
    access = (
        BreakGlassAccess.objects.select_related("resident__account", "organization", "user")
        .filter(pk=access_id)
        .first()
    )
    if access is None:
        return False
    return _send(access.resident, "break_glass", {"access": access})


@task()
def apply_retention() -> dict[str, int]:
    """Anonymise or delete what has been kept longer than its retention rule allows."""
    from privacy import retention

    return retention.apply_retention()


@task()
def announce_data_request_answer(request_id: int) -> bool:
    """Tell the resident their request to see, correct or erase data has been answered."""
    from privacy.models import DataRequest

    request = (
        DataRequest.objects.select_related("resident__account", "organization")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return False
    return _send(request.resident, "data_request_answered", {"request": request})
