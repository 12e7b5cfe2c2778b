"""Residents through the JSON API: the same decisions and audit entries as the pages."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organization, Role, User
from audit.models import AuditEntry, DataCategory, Purpose
from conftest import make_professional
from privacy import services
from privacy.models import Consent
from privacy.policy import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(resident_user: User, social_team: Organization) -> Consent:
    return services.do_record_consent(
        resident_user.resident,
        organization_id=social_team.pk,
        care_team=False,
        purpose=Purpose.CARE_COORDINATION,
        categories=[DataCategory.CONTACT_DETAILS],
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(resident_user),
    )


def test_with_consent_the_api_gives_the_contact_details(
    client_for, resident_user: User, social_worker: User, consent: Consent
) -> None:
    maria = resident_user.resident
    response = client_for(social_worker).get(f"/api/v1/residents/{maria.pk}")
    assert response.status_code == 200
    assert response.json()["family_name"] == "Smeets"
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None and (entry.channel, entry.outcome) == ("api", "allowed")


def test_guessing_ids_through_the_api_reveals_nothing(
    client_for, resident_user: User, welfare: Organization, consent: Consent
) -> None:
    coach = make_professional("coach@example.nl", "Lotte", [(welfare, Role.WELLBEING_COACH)])
    client = client_for(coach)
    existing = client.get(f"/api/v1/residents/{resident_user.resident.pk}")
    missing = client.get("/api/v1/residents/424242")
    assert existing.status_code == missing.status_code == 404
    assert existing.json() == missing.json()
    assert AuditEntry.objects.filter(channel="api", outcome="denied").count() == 2


def test_withdrawn_consent_is_refused_with_the_reason(
    client_for, resident_user: User, social_worker: User, consent: Consent
) -> None:
    services.do_revoke_consent(consent, actor=Actor(resident_user))
    response = client_for(social_worker).get(f"/api/v1/residents/{resident_user.resident.pk}")
    assert response.status_code == 403
    assert response.json()["reason"] == "consent_ended"


def test_anonymous_callers_are_refused(client, resident_user: User) -> None:
    assert client.get(f"/api/v1/residents/{resident_user.resident.pk}").status_code == 403
