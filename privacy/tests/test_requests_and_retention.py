"""Requests to see, correct or erase data, and retention, through HTTP and the service functions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization, User
from audit.models import AuditEntry
from privacy.models import Consent, DataRequest
from privacy.retention import ANONYMOUS, apply_retention
from privacy.services import one_month_after
from residents.models import CareTeamMember, Resident

pytestmark = pytest.mark.django_db


def test_one_month_is_a_calendar_month() -> None:
    assert one_month_after(datetime.date(2026, 11, 25)) == datetime.date(2026, 12, 25)
    assert one_month_after(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert one_month_after(datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 31)


def test_a_resident_asks_and_the_privacy_officer_answers_within_the_term(
    client_for, client, resident_user: User, privacy_officer: User, gp_practice: Organization
) -> None:
    maria = resident_user.resident
    CareTeamMember.objects.create(
        resident=maria, organization=gp_practice, role="huisarts", since=datetime.date(2026, 1, 1)
    )
    portal = client_for(resident_user)
    page = portal.get(reverse("privacy:my_requests")).content.decode()
    assert gp_practice.name in page
    assert "wettelijk" in page or "wet" in page  # erasure has legal limits, and it says so
    portal.post(
        reverse("privacy:my_requests"),
        {
            "kind": "correction",
            "organization": gp_practice.pk,
            "description": "Mijn adres klopt niet.",
        },
    )
    request = DataRequest.objects.get()
    assert request.due_on == one_month_after(timezone.localdate())
    assert request.status == "open"

    client.force_login(privacy_officer)
    overview = client.get(reverse("privacy:overview")).content.decode()
    assert gp_practice.name in overview
    client.post(
        reverse("privacy:answer_request", args=[request.pk]),
        {"status": "done", "answer": "Uw adres is aangepast."},
    )
    request.refresh_from_db()
    assert (request.status, request.answered_by) == ("done", privacy_officer)
    client.force_login(resident_user)
    assert "Uw adres is aangepast." in client.get(reverse("privacy:my_requests")).content.decode()
    logged = AuditEntry.objects.filter(records=[f"data_request:{request.pk}"]).order_by("id")
    assert [(e.actor_kind, e.action) for e in logged] == [
        ("resident", "create"),
        ("professional", "read"),  # the privacy officer opened the request
        ("professional", "update"),
    ]


def test_an_open_request_past_its_term_is_marked_overdue(
    client_for, resident_user: User, privacy_officer: User, gp_practice: Organization
) -> None:
    DataRequest.objects.create(
        resident=resident_user.resident,
        organization=gp_practice,
        kind="erasure",
        description="Verwijder alles.",
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = client_for(privacy_officer).get(reverse("privacy:overview")).content.decode()
    assert "te laat" in page


def _old_resident(**fields) -> Resident:
    resident = Resident.objects.create(
        given_name="Piet",
        family_name="Vroeger",
        date_of_birth=datetime.date(1950, 7, 14),
        street="Markt",
        house_number="1",
        postcode="6211 CK",
        phone="043 123",
        **fields,
    )
    resident.set_bsn("111222333")
    resident.save()
    Resident.objects.filter(pk=resident.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    return Resident.objects.get(pk=resident.pk)


def test_retention_anonymises_contact_details_nobody_needs_any_more(
    resident_user: User, gp_practice: Organization
) -> None:
    forgotten = _old_resident()
    still_helped = _old_resident()
    CareTeamMember.objects.create(
        resident=still_helped,
        organization=gp_practice,
        role="huisarts",
        since=datetime.date(2024, 1, 1),
    )
    recent = Resident.objects.create(
        given_name="Nieuw", family_name="Recent", date_of_birth=datetime.date(1990, 1, 1)
    )
    assert apply_retention()["contact_details"] == 1
    forgotten.refresh_from_db()
    assert (forgotten.given_name, forgotten.family_name) == (ANONYMOUS, ANONYMOUS)
    assert forgotten.date_of_birth == datetime.date(1950, 1, 1)
    assert (forgotten.street, forgotten.phone, forgotten.postcode) == ("", "", "6211")
    assert forgotten.bsn_encrypted == "" and forgotten.masked_bsn == ""
    still_helped.refresh_from_db()
    recent.refresh_from_db()
    assert still_helped.family_name == "Vroeger" and recent.family_name == "Recent"
    resident_user.resident.refresh_from_db()
    assert resident_user.resident.family_name == "Smeets"  # has an account: never
    entry = AuditEntry.objects.get(basis="retention:contact_details")
    assert (entry.resident_id, entry.actor_kind, entry.channel) == (forgotten.pk, "system", "task")
    assert apply_retention()["contact_details"] == 0  # once


def test_a_recently_ended_consent_keeps_the_details_for_the_term(resident_user: User) -> None:
    resident = _old_resident()
    Consent.objects.create(
        resident=resident,
        care_team=True,
        purpose="referral",
        categories=["contact_details"],
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=10),
        method="verbal",
        recorded_by=resident_user,
    )
    assert apply_retention()["contact_details"] == 0
