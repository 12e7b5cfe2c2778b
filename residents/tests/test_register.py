"""Registering a resident and joining or leaving their care team, through HTTP."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization, User
from audit.models import AuditEntry, DataCategory, Purpose
from privacy import services
from privacy.models import Consent
from privacy.policy import Actor, decide
from residents.models import CareTeamMember, Resident
from residents.services import do_add_representative

pytestmark = pytest.mark.django_db

NEW_RESIDENT = {
    "given_name": "Noor",
    "family_name": "Bakker",
    "date_of_birth": "1984-03-09",
    "bsn": "123456782",
    "postcode": "6211ab",
    "street": "Markt",
    "house_number": "3",
    "place": "Maastricht",
}


def test_a_social_worker_registers_a_resident_and_is_led_to_record_consent(
    client_for, social_worker: User, social_team: Organization
) -> None:
    client = client_for(social_worker)
    response = client.post(reverse("residents:register"), NEW_RESIDENT)
    resident = Resident.objects.get(family_name="Bakker")
    assert response["Location"] == reverse("privacy:record_consent", args=[resident.pk])
    assert resident.postcode == "6211 AB"
    assert resident.district is not None and resident.district.code.startswith("WK0935")
    assert resident.masked_bsn == "••••••782" and "123456782" not in resident.bsn_encrypted
    member = CareTeamMember.objects.get(resident=resident)
    assert (member.organization, member.professional) == (social_team, social_worker)
    assert AuditEntry.objects.filter(basis="registration", resident_id=resident.pk).exists()
    # In the care team but without consent: the file explains and offers to record it.
    refused = client.get(reverse("residents:file", args=[resident.pk]))
    assert refused.status_code == 403
    again = client.post(reverse("residents:register"), NEW_RESIDENT)
    assert "al een inwoner met dit BSN" in again.content.decode()
    assert Resident.objects.filter(family_name="Bakker").count() == 1


def test_bad_registration_input_gets_clear_messages(client_for, social_worker: User) -> None:
    page = client_for(social_worker).post(
        reverse("residents:register"),
        {**NEW_RESIDENT, "bsn": "123", "postcode": "abc", "date_of_birth": "2999-01-01"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "geen geldig BSN" in text and "geen Nederlandse postcode" in text
    assert "Controleer de geboortedatum" in text
    assert not Resident.objects.filter(family_name="Bakker").exists()


def test_with_consent_an_organisation_joins_and_leaves_the_care_team(
    client_for, resident_user: User, coach_and_consent
) -> None:
    coach, welfare = coach_and_consent
    maria = resident_user.resident
    client = client_for(coach)
    client.post(reverse("residents:join_care_team", args=[maria.pk]), {"role": "welzijnscoach"})
    member = CareTeamMember.objects.get(resident=maria, organization=welfare)
    assert (member.role, member.until) == ("welzijnscoach", None)
    client.post(reverse("residents:leave_care_team", args=[maria.pk, member.pk]))
    member.refresh_from_db()
    assert member.until == timezone.localdate()


def test_without_consent_nobody_joins(client_for, resident_user: User, gp: User) -> None:
    response = client_for(gp).post(
        reverse("residents:join_care_team", args=[resident_user.resident.pk]), {"role": "x"}
    )
    assert response.status_code == 404
    assert not CareTeamMember.objects.exists()


@pytest.fixture
def coach_and_consent(resident_user: User, welfare: Organization):
    from accounts.models import Role
    from conftest import make_professional

    coach = make_professional("coach@example.nl", "Lotte", [(welfare, Role.WELLBEING_COACH)])
    services.do_record_consent(
        resident_user.resident,
        organization_id=welfare.pk,
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
    return coach, welfare


def test_a_parent_is_recorded_and_then_acts_for_the_child_in_the_portal(
    client_for, resident_user: User, coach_and_consent
) -> None:
    coach, _welfare = coach_and_consent
    maria = resident_user.resident
    maria.set_bsn("111222333")
    maria.save()
    refused = client_for(coach).post(
        reverse("residents:add_representative", args=[maria.pk]),
        {"kind": "parent", "bsn": "111222333", "since": "2016-06-01"},
    )
    assert refused.status_code == 302  # not her own representative: a message, nothing stored
    assert not maria.representatives.exists()

    child = Resident.objects.create(
        given_name="Lieke", family_name="Smeets", date_of_birth=datetime.date(2016, 6, 1)
    )
    as_maria = Actor(resident_user)
    assert not decide(as_maria, child, categories=["contact_details"], purpose="own_data").allowed
    do_add_representative(
        child,
        kind="parent",
        name="",
        representative_bsn="111222333",
        since=datetime.date(2016, 6, 1),
        actor=Actor(coach, coach.memberships.get()),
    )
    decision = decide(as_maria, child, categories=["contact_details"], purpose="own_data")
    assert decision.allowed and decision.basis.startswith("legal_representative:")
    assert services.consent_givers(child).rule == "representative"


def _consent_for(resident: Resident, organization: Organization, user: User) -> None:
    services.do_record_consent(
        resident,
        organization_id=organization.pk,
        care_team=False,
        purpose=Purpose.CARE_COORDINATION,
        categories=[DataCategory.CONTACT_DETAILS],
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.VERBAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(user, user.memberships.get()),
    )


def test_household_changes_need_the_consent_of_both_people(
    client_for, resident_user: User, coach_and_consent
) -> None:
    from residents.models import HouseholdMember

    coach, welfare = coach_and_consent
    maria = resident_user.resident
    jan = HouseholdMember.objects.get(resident__given_name="Jan", until__isnull=True)
    client = client_for(coach)
    end_url = reverse("residents:end_household_membership", args=[maria.pk, jan.pk])
    assert client.post(end_url).status_code == 404  # no tie to Jan: as if he did not exist
    jan.refresh_from_db()
    assert jan.until is None
    _consent_for(jan.resident, welfare, coach)
    client.post(end_url)
    jan.refresh_from_db()
    assert jan.until == timezone.localdate()  # moved out; the history stays

    piet = Resident.objects.create(
        given_name="Piet", family_name="Smeets", date_of_birth=datetime.date(1990, 2, 2)
    )
    piet.set_bsn("123456782")
    piet.save()
    _consent_for(piet, welfare, coach)
    client.post(
        reverse("residents:add_household_member", args=[maria.pk]),
        {"bsn": "123456782", "relationship": "child", "since": "2026-11-01"},
    )
    added = HouseholdMember.objects.get(resident=piet)
    assert (added.relationship, added.until) == ("child", None)
    assert added.household_id == jan.household_id
    page = client.get(reverse("residents:file", args=[maria.pk])).content.decode()
    assert "Piet Smeets" in page and "Jan Smeets" in page  # Jan under "earlier"
