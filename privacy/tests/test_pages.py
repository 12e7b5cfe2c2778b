"""The consent journey through HTTP: professionals, the resident's portal, the privacy officer."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Organization, Role, User
from audit.models import AuditEntry, DataCategory, Purpose
from conftest import make_professional
from privacy import services
from privacy.models import BreakGlassAccess, Consent
from privacy.policy import Actor
from privacy.tasks import announce_verbal_consent
from residents.models import Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(resident_user: User) -> Resident:
    resident = resident_user.resident
    resident.set_bsn("111222333")
    resident.save()
    return resident


@pytest.fixture
def coach(welfare: Organization) -> User:
    return make_professional("coach@example.nl", "Lotte", [(welfare, Role.WELLBEING_COACH)])


def give_consent(resident: Resident, user: User, organization: Organization) -> Consent:
    return services.do_record_consent(
        resident,
        organization_id=organization.pk,
        care_team=False,
        purpose=Purpose.CARE_COORDINATION,
        categories=[DataCategory.CONTACT_DETAILS],
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(user),
    )


def test_with_consent_the_social_worker_opens_the_file(
    client_for, maria: Resident, resident_user: User, social_worker: User, social_team
) -> None:
    give_consent(maria, resident_user, social_team)
    response = client_for(social_worker).get(reverse("residents:file", args=[maria.pk]))
    assert response.status_code == 200
    assert "Boschstraat 12" in response.content.decode()
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None
    assert (entry.outcome, entry.organization_name, entry.resident_id) == (
        "allowed",
        social_team.name,
        maria.pk,
    )


def test_guessing_ids_reveals_nothing(client_for, maria: Resident, coach: User) -> None:
    client = client_for(coach)
    existing = client.get(reverse("residents:file", args=[maria.pk]))
    missing = client.get(reverse("residents:file", args=[987_654]))
    assert existing.status_code == missing.status_code == 404
    assert maria.family_name not in existing.content.decode()
    # The page is the same apart from nothing: same headings, same text.
    assert existing.content.decode().count("<h1") == missing.content.decode().count("<h1")
    denied = AuditEntry.objects.filter(outcome="denied").values_list("resident_id", flat=True)
    assert set(denied) == {maria.pk, 987_654}


def test_a_professional_finds_the_resident_and_records_the_consent_they_give(
    client_for,
    maria: Resident,
    coach: User,
    welfare: Organization,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    client = client_for(coach)
    assert client.get(reverse("privacy:record_consent", args=[maria.pk])).status_code == 404
    found = client.get(reverse("residents:find"), {"bsn": "111 222 333"})
    assert maria.full_name in found.content.decode()
    form = client.get(reverse("privacy:record_consent", args=[maria.pk]))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:record_consent", args=[maria.pk]),
            {
                "recipient": "organization",
                "purpose": Purpose.CARE_COORDINATION,
                "categories": [DataCategory.CONTACT_DETAILS],
                "given_by_resident": "on",
            },
        )
    assert response.status_code == 302
    consent = Consent.objects.get(resident=maria)
    assert (consent.organization, consent.method, consent.recorded_by) == (welfare, "verbal", coach)
    assert client.get(reverse("residents:file", args=[maria.pk])).status_code == 200
    # The resident is told by the background worker, with the way to withdraw it.
    queued = DBTaskResult.objects.get(task_path="privacy.tasks.announce_verbal_consent")
    assert queued.args_kwargs["args"] == [consent.pk]
    assert announce_verbal_consent.call(consent.pk)  # what the worker runs
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["smeets@example.nl"]
    assert "/mijn/" in mailoutbox[0].body


def test_the_find_form_explains_what_it_needs(client_for, coach: User) -> None:
    response = client_for(coach).get(reverse("residents:find"), {"bsn": "123456789"})
    assert "geen geldig BSN" in response.content.decode()
    response = client_for(coach).get(reverse("residents:find"), {"family_name": "Smeets"})
    assert "geboortedatum" in response.content.decode()


def test_the_resident_gives_and_withdraws_consent_and_access_stops_at_once(
    client_for, client, maria: Resident, resident_user: User, social_worker: User, social_team
) -> None:
    portal = client_for(resident_user)
    response = portal.post(
        reverse("privacy:my_consents"),
        {
            "organization": social_team.pk,
            "purpose": Purpose.CARE_COORDINATION,
            "categories": [DataCategory.CONTACT_DETAILS, DataCategory.PLAN],
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(resident=maria)
    file_url = reverse("residents:file", args=[maria.pk])
    client.force_login(social_worker)
    assert client.get(file_url).status_code == 200
    client.force_login(resident_user)
    client.post(reverse("privacy:revoke_consent", args=[consent.pk]))
    client.force_login(social_worker)
    refused = client.get(file_url)
    assert refused.status_code == 403
    assert "ingetrokken" in refused.content.decode()


def test_a_resident_cannot_touch_another_residents_consent(
    client_for, maria: Resident, resident_user: User, other_resident: User, social_team
) -> None:
    consent = give_consent(maria, resident_user, social_team)
    response = client_for(other_resident).post(reverse("privacy:revoke_consent", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_the_resident_reads_who_looked_in_plain_dutch(
    client_for, client, maria: Resident, resident_user: User, social_worker: User, social_team
) -> None:
    give_consent(maria, resident_user, social_team)
    client.force_login(social_worker)
    client.get(reverse("residents:file", args=[maria.pk]))
    client.force_login(resident_user)
    page = client.get(reverse("privacy:my_accesses")).content.decode()
    assert f"{social_team.name} bekeek op" in page
    assert "uw contactgegevens" in page
    assert "Maria Smeets bekeek" not in page  # her own actions are not "someone else"


def test_the_resident_downloads_all_their_data(
    client_for, maria: Resident, resident_user: User, social_team
) -> None:
    give_consent(maria, resident_user, social_team)
    response = client_for(resident_user).get(reverse("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["resident"]["family_name"] == "Smeets"
    assert data["resident"]["bsn"] == "••••••333"  # never the whole number
    assert data["consents"][0]["to"] == social_team.name
    assert AuditEntry.objects.filter(action="export", resident_id=maria.pk).exists()
    pdf = client_for(resident_user).get(reverse("privacy:download_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="export", resident_id=maria.pk).count() == 2


def test_pages_of_other_roles_are_closed(
    client_for, maria: Resident, editor: User, resident_user: User, gp: User
) -> None:
    assert client_for(editor).get(reverse("residents:find")).status_code == 403
    assert client_for(resident_user).get(reverse("residents:find")).status_code == 403
    assert client_for(gp).get(reverse("privacy:my_consents")).status_code == 403
    assert client_for(gp).get(reverse("privacy:overview")).status_code == 403


def test_the_privacy_officer_reviews_an_emergency_access(
    client_for, maria: Resident, gp: User, privacy_officer: User, gp_practice
) -> None:
    from accounts.models import Membership

    services.do_break_glass(
        maria,
        reason="Bewusteloos aangetroffen in de wachtkamer, medicatie onbekend",
        actor=Actor(gp, Membership.objects.get(user=gp)),
    )
    access = BreakGlassAccess.objects.get()
    client = client_for(privacy_officer)
    overview = client.get(reverse("privacy:overview")).content.decode()
    assert "Bewusteloos" in overview
    assert maria.family_name not in overview  # the list does not name the resident
    review = client.get(reverse("privacy:review", args=[access.pk]))
    assert review.status_code == 200
    assert AuditEntry.objects.filter(purpose="privacy_review", resident_id=maria.pk).exists()
    client.post(reverse("privacy:review", args=[access.pk]), {"justified": "yes", "note": "ok"})
    access.refresh_from_db()
    assert access.justified is True and access.reviewed_by == privacy_officer
    checked = client.post(reverse("privacy:overview")).content.decode()
    assert "intact" in checked


def test_the_file_opens_for_the_purpose_the_consent_covers(
    client_for, maria: Resident, resident_user: User, gp: User, gp_practice
) -> None:
    services.do_record_consent(
        maria,
        organization_id=gp_practice.pk,
        care_team=False,
        purpose=Purpose.REFERRAL,
        categories=[DataCategory.CONTACT_DETAILS, DataCategory.REFERRALS],
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(resident_user),
    )
    client = client_for(gp)
    file_url = reverse("residents:file", args=[maria.pk])
    assert client.get(file_url).status_code == 200  # chosen: referral, which consent covers
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None and entry.purpose == "referral"
    refused = client.get(file_url, {"doel": "case_conference"})
    assert refused.status_code == 403  # not for a case conference


def test_a_parent_sees_and_withdraws_for_the_child_they_represent(
    client_for, maria: Resident, resident_user: User, other_resident: User, social_team
) -> None:
    from residents.models import LegalRepresentative

    child = Resident.objects.create(
        given_name="Lieke", family_name="Smeets", date_of_birth=datetime.date(2016, 6, 1)
    )
    parent = LegalRepresentative.objects.create(
        resident=child, representative=maria, kind="parent", since=datetime.date(2016, 6, 1)
    )
    consent = services.do_record_consent(
        child,
        organization_id=social_team.pk,
        care_team=False,
        purpose=Purpose.CARE_COORDINATION,
        categories=[DataCategory.CONTACT_DETAILS],
        starts_at=timezone.now(),
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=False,
        representative=parent,
        actor=Actor(resident_user),
    )
    client = client_for(resident_user)
    assert "Lieke Smeets" in client.get(reverse("residents:portal")).content.decode()
    page = client.get(reverse("privacy:represented", args=[child.pk]))
    assert page.status_code == 200 and social_team.name in page.content.decode()
    client.post(reverse("privacy:revoke_consent", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    client.post(
        reverse("privacy:represented", args=[child.pk]),
        {
            "organization": social_team.pk,
            "purpose": Purpose.REFERRAL,
            "categories": [DataCategory.CONTACT_DETAILS],
        },
    )
    given = Consent.objects.get(resident=child, purpose=Purpose.REFERRAL)
    assert (given.given_by_representative, given.given_by_resident) == (parent, False)
    # Someone else: the same not-found as for a child nobody has.
    stranger = client_for(other_resident)
    assert stranger.get(reverse("privacy:represented", args=[child.pk])).status_code == 404
    assert stranger.get(reverse("privacy:represented", args=[987_654])).status_code == 404


def test_a_parent_downloads_and_makes_requests_for_the_child_they_represent(
    client_for, maria: Resident, resident_user: User, other_resident: User, social_team
) -> None:
    import json

    from privacy.models import DataRequest
    from residents.models import LegalRepresentative

    child = Resident.objects.create(
        given_name="Lieke", family_name="Smeets", date_of_birth=datetime.date(2016, 6, 1)
    )
    LegalRepresentative.objects.create(
        resident=child, representative=maria, kind="parent", since=datetime.date(2016, 6, 1)
    )
    client = client_for(resident_user)
    data = json.loads(client.get(reverse("privacy:represented_download", args=[child.pk])).content)
    assert data["resident"]["given_name"] == "Lieke"
    pdf = client.get(reverse("privacy:represented_download_pdf", args=[child.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    export = AuditEntry.objects.filter(resident_id=child.pk, action="export").last()
    assert export is not None and export.basis.startswith("legal_representative:")
    url = reverse("privacy:represented_requests", args=[child.pk])
    assert "Lieke Smeets" in client.get(url).content.decode()
    client.post(
        url, {"organization": social_team.pk, "kind": "access", "description": "Wat weet u?"}
    )
    assert DataRequest.objects.get(resident=child).organization == social_team
    # Someone who does not represent the child: not found, for the download and the requests.
    stranger = client_for(other_resident)
    assert stranger.get(reverse("privacy:represented_download", args=[child.pk])).status_code == 404
    assert stranger.get(url).status_code == 404
    # One's own id through the representative's address is not a way around anything.
    own = client_for(resident_user).get(reverse("privacy:represented_download", args=[maria.pk]))
    assert own.status_code == 404
