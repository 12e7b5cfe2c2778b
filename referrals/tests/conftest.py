"""The referral cast: a GP who refers, a wellbeing coach who receives, the welfare organisation's
service in the directory with its fixed contact person, and Maria Smeets with consent for the GP
practice only (as in the demo)."""

import datetime
from collections.abc import Iterator

import pytest
from django.utils import timezone, translation

from accounts.models import Membership, Organization, Role, User
from audit.models import DataCategory, Purpose
from conftest import make_professional
from directory.models import Contact, Service
from directory.models import Organization as Provider
from privacy.models import Consent
from privacy.policy import Actor
from residents.models import Resident


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    """Messages in the default language, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


def actor_for(user: User, organization: Organization | None = None) -> Actor:
    memberships = Membership.objects.filter(user=user, is_active=True).select_related(
        "organization"
    )
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    return Actor(user, memberships.first())


def give_consent(
    resident: Resident, organization: Organization, categories=None, purpose=Purpose.REFERRAL
) -> Consent:
    return Consent.objects.create(
        resident=resident,
        organization=organization,
        purpose=purpose,
        categories=categories or [DataCategory.CONTACT_DETAILS, DataCategory.REFERRALS],
        starts_at=timezone.now() - datetime.timedelta(days=30),
        method=Consent.Method.PORTAL,
        recorded_by=resident.account or User.objects.filter(kind="professional").first(),  # type: ignore[misc]
    )


@pytest.fixture
def coach(welfare: Organization) -> User:
    return make_professional("coach@example.nl", "Fenna", [(welfare, Role.WELLBEING_COACH)])


@pytest.fixture
def colleague(welfare: Organization) -> User:
    return make_professional("colleague@example.nl", "Joris", [(welfare, Role.WELLBEING_COACH)])


@pytest.fixture
def wellbeing_service(welfare: Organization) -> Service:
    provider = Provider.objects.create(name="Welzijn Maastricht", platform_organization=welfare)
    service = Service.objects.create(
        organization=provider,
        name="Welzijn op Recept",
        description="Een welzijnscoach helpt bij eenzaamheid, stress en somberheid.",
    )
    Contact.objects.create(
        service=service, name="Ilse Coenen", email="ilse@welzijn.example", is_liaison=True
    )
    return service


@pytest.fixture
def choir(welfare: Organization) -> Service:
    provider = Provider.objects.create(name="Buurtkoor Mariaberg", is_informal=True)
    return Service.objects.create(organization=provider, name="Buurtkoor", is_informal=True)


@pytest.fixture
def maria(resident_user: User, gp_practice: Organization) -> Resident:
    resident = resident_user.resident
    give_consent(resident, gp_practice)
    return resident
