"""The referral pages: through HTTP, as the GP and the wellbeing coach use them."""

import json

import pytest

from audit.models import AuditEntry
from audit.models import Outcome as AuditOutcome
from privacy.models import Consent
from referrals.models import Referral, Status
from referrals.tests.conftest import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_bsn(maria):
    maria.set_bsn("111222333")
    maria.save()
    return maria


def test_the_gp_refers_from_the_directory_and_is_asked_for_consent(
    clock, client_for, gp, coach, with_bsn, welfare, wellbeing_service
):
    client = client_for(gp)
    start = client.get(f"/verwijzingen/nieuw/?dienst={wellbeing_service.pk}")
    assert "Which resident" in start.content.decode() or "Welke inwoner" in start.content.decode()
    found = client.get(
        "/verwijzingen/nieuw/", {"dienst": wellbeing_service.pk, "bsn": "111 222 333"}
    )
    assert "Maria Smeets" in found.content.decode()
    url = f"/verwijzingen/nieuw/?inwoner={with_bsn.pk}&dienst={wellbeing_service.pk}&soort=welzijn"
    form = {
        "kind": "social_prescription",
        "reason": "Somber en eenzaam.",
        "resident_wish": "Weer onder de mensen komen.",
        "urgency": "routine",
        "categories": ["contact_details"],
    }
    asked = client.post(url, form)
    assert asked.status_code == 200
    assert 'name="consent_given"' in asked.content.decode()
    assert Referral.objects.count() == 0

    done = client.post(url, {**form, "consent_given": "on"})
    referral = Referral.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/verwijzingen/{referral.pk}/"
    consent = Consent.objects.get(resident=with_bsn, organization=welfare)
    assert consent.method == Consent.Method.VERBAL and consent.recorded_by == gp
    assert referral.status == Status.REQUESTED and referral.kind == "social_prescription"


@pytest.fixture
def referral(clock, gp, coach, maria, welfare, wellbeing_service) -> Referral:
    from referrals import services
    from referrals.services import ReferralDraft
    from referrals.tests.conftest import actor_for

    give_consent(maria, welfare)
    return services.do_create_referral(
        ReferralDraft(resident=maria, service=wellbeing_service, reason="Eenzaam."),
        actor=actor_for(gp),
    )


def test_the_coach_works_the_referral_and_the_gp_sees_it_in_the_timeline(
    referral, client_for, gp, coach, choir, client
):
    coach_client = client_for(coach)
    inbox = coach_client.get("/verwijzingen/")
    assert referral.reference in inbox.content.decode()
    assert "Maria Smeets" in inbox.content.decode()
    page = coach_client.get(f"/verwijzingen/{referral.pk}/")
    assert page.status_code == 200
    referral.refresh_from_db()
    assert referral.received_at is not None  # opening it confirmed receipt
    base = f"/verwijzingen/{referral.pk}"
    coach_client.post(f"{base}/status/", {"status": "accepted", "version": referral.version})
    referral.refresh_from_db()
    coach_client.post(
        f"{base}/eerste-contact/", {"version": referral.version, "on": "2026-11-25", "note": ""}
    )
    coach_client.post(f"{base}/gesprek/", {"on": "2026-11-25", "note": "Houdt van zingen."})
    coach_client.post(f"{base}/activiteit/", {"service": choir.pk, "starts_on": "2026-12-01"})
    referral.refresh_from_db()
    closed = coach_client.post(
        f"{base}/status/",
        {
            "status": "completed",
            "version": referral.version,
            "outcome": "goal_reached",
            "note": "Zingt mee.",
        },
        follow=True,
    )
    assert closed.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED

    client.logout()
    timeline = client_for(gp).get(f"/inwoners/{referral.resident_id}/tijdlijn/")
    text = timeline.content.decode()
    assert timeline.status_code == 200
    assert "Zingt mee." in text and "Buurtkoor" in text
    numbers = client_for(gp).get("/verwijzingen/cijfers/")
    assert numbers.status_code == 200


def test_a_stale_form_says_changed_meanwhile_and_changes_nothing(referral, client_for, coach):
    client = client_for(coach)
    old_version = referral.version
    client.post(
        f"/verwijzingen/{referral.pk}/status/", {"status": "accepted", "version": old_version}
    )
    response = client.post(
        f"/verwijzingen/{referral.pk}/status/",
        {"status": "rejected", "version": old_version, "reason": "no_capacity"},
        follow=True,
    )
    text = response.content.decode()
    assert "meanwhile" in text or "intussen" in text
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_a_reject_without_reason_is_refused_with_a_message(referral, client_for, coach):
    response = client_for(coach).post(
        f"/verwijzingen/{referral.pk}/status/",
        {"status": "rejected", "version": referral.version},
        follow=True,
    )
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_an_outsider_gets_not_found_and_a_logged_denial(referral, client_for, social_worker):
    response = client_for(social_worker).get(f"/verwijzingen/{referral.pk}/")
    assert response.status_code == 404
    response = client_for(social_worker).post(
        f"/verwijzingen/{referral.pk}/status/", {"status": "cancelled", "version": 1}
    )
    assert response.status_code == 404
    assert (
        AuditEntry.objects.filter(
            outcome=AuditOutcome.DENIED, records=[f"referral:{referral.pk}"]
        ).count()
        == 2
    )
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_a_guessed_number_looks_the_same_as_a_missing_one(referral, client_for, social_worker):
    client = client_for(social_worker)
    assert client.get(f"/verwijzingen/{referral.pk}/").status_code == 404
    assert client.get("/verwijzingen/999999/").status_code == 404


def test_the_resident_sees_the_referral_in_the_portal_and_the_download(
    referral, client_for, resident_user
):
    client = client_for(resident_user)
    portal = client.get("/mijn/")
    assert referral.reference not in portal.content.decode()  # numbers are for professionals
    assert "Welzijn op Recept" in portal.content.decode()
    data = json.loads(client.get("/mijn/download/").content)
    assert data["referrals"][0]["number"] == referral.reference
    pdf = client.get("/mijn/download/pdf/")
    assert pdf.status_code == 200


def test_the_household_timeline_hides_members_without_consent(referral, client_for, gp, maria):
    household = maria.household_memberships.first().household
    page = client_for(gp).get(f"/huishoudens/{household.pk}/tijdlijn/")
    text = page.content.decode()
    assert page.status_code == 200
    assert referral.reference in text
    assert "Jan" not in text  # the partner gave no consent: counted, not named


def test_residents_and_editors_cannot_reach_the_inbox(client_for, resident_user, editor):
    assert client_for(resident_user).get("/verwijzingen/").status_code == 403
    assert client_for(editor).get("/verwijzingen/").status_code == 403


def test_an_editor_sets_the_response_times_and_they_count(
    clock, client_for, editor, coach, gp, maria, welfare, wellbeing_service
):
    client = client_for(editor)
    assert client.get("/verwijzingen/afspraken/").status_code == 200
    bad = client.post(
        "/verwijzingen/afspraken/",
        {"receipt_days": 5, "first_contact_days": 2, "escalation_days": 1},
    )
    assert (
        bad.status_code == 200
        and not welfare.__class__.objects.filter(response_agreement__isnull=False).exists()
    )
    client.post(
        "/verwijzingen/afspraken/",
        {
            "receipt_days": 1,
            "first_contact_days": 3,
            "escalation_days": 2,
            "contact_person": coach.pk,
        },
    )
    agreement = welfare.response_agreement
    assert (agreement.receipt_days, agreement.contact_person, agreement.updated_by) == (
        1,
        coach,
        editor,
    )
    from referrals import services
    from referrals.services import ReferralDraft
    from referrals.tests.conftest import actor_for

    give_consent(maria, welfare)
    referral = services.do_create_referral(
        ReferralDraft(resident=maria, service=wellbeing_service, reason="Eenzaam."),
        actor=actor_for(gp),
    )
    assert str(referral.due_on) == "2026-11-26"  # one working day


def test_a_gp_cannot_set_response_times(client_for, gp):
    assert client_for(gp).get("/verwijzingen/afspraken/").status_code == 403
