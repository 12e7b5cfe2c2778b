"""A consent is a valid FHIR R4 Consent (the official JSON Schema), field for field."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organization, User
from audit.models import DataCategory, Purpose
from core.fhir import validation_errors
from privacy import services
from privacy.fhir import consent_resource
from privacy.models import Consent
from privacy.policy import Actor
from residents.models import LegalRepresentative, Resident

pytestmark = pytest.mark.django_db


def record(resident: Resident, actor: Actor, **fields) -> Consent:
    values = {
        "organization_id": None,
        "care_team": False,
        "purpose": Purpose.REFERRAL,
        "categories": [DataCategory.CONTACT_DETAILS, DataCategory.REFERRALS],
        "starts_at": timezone.now(),
        "ends_at": None,
        "method": Consent.Method.PORTAL,
        "given_by_resident": True,
        "representative": None,
        **fields,
    }
    return services.do_record_consent(resident, actor=actor, **values)


def test_a_portal_consent_to_an_organisation(resident_user: User, gp_practice: Organization):
    maria = resident_user.resident
    consent = record(maria, Actor(resident_user), organization_id=gp_practice.pk)
    resource = consent_resource(consent)
    assert validation_errors(resource) == []
    assert resource["status"] == "active"
    assert resource["patient"]["reference"] == f"Patient/{maria.pk}"
    provision = resource["provision"]
    assert provision["actor"][0]["reference"]["reference"] == f"Organization/{gp_practice.pk}"
    assert [c["code"] for c in provision["class"]] == ["contact_details", "referrals"]
    assert provision["purpose"][0]["code"] == "referral"
    assert "end" not in provision["period"]


def test_a_revoked_care_team_consent_given_by_a_parent(
    resident_user: User, social_worker: User, social_team: Organization
):
    from accounts.models import Membership

    child = Resident.objects.create(
        given_name="Lieke", family_name="Smeets", date_of_birth=datetime.date(2020, 3, 1)
    )
    parent = LegalRepresentative.objects.create(
        resident=child,
        representative=resident_user.resident,
        kind="parent",
        since=datetime.date(2020, 3, 1),
    )
    worker = Actor(social_worker, Membership.objects.get(user=social_worker))
    consent = record(
        child,
        worker,
        care_team=True,
        method=Consent.Method.VERBAL,
        given_by_resident=False,
        representative=parent,
        ends_at=timezone.now() + datetime.timedelta(days=90),
    )
    services.do_revoke_consent(consent, actor=Actor(resident_user))
    consent.refresh_from_db()
    resource = consent_resource(consent)
    assert validation_errors(resource) == []
    assert resource["status"] == "inactive"
    assert resource["performer"][0]["reference"] == f"RelatedPerson/{parent.pk}"
    assert resource["organization"][0]["reference"] == f"Organization/{social_team.pk}"
    assert resource["provision"]["period"]["end"].endswith("Z")
    assert resource["provision"]["actor"][0]["reference"]["reference"].startswith("CareTeam/")


def test_the_schema_check_finds_a_broken_resource(resident_user: User, gp_practice) -> None:
    consent = record(resident_user.resident, Actor(resident_user), organization_id=gp_practice.pk)
    resource = consent_resource(consent)
    resource["status"] = "maybe"
    del resource["scope"]
    errors = validation_errors(resource)
    assert any(e.startswith("status:") for e in errors)
    assert any("'scope' is a required property" in e for e in errors)
