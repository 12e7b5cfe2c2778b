"""A referral from creation to outcome, through the service functions, with the clock frozen."""

import datetime

import pytest

from audit.models import AuditEntry, DataCategory, Outcome, Purpose
from notifications.models import Notification, OutgoingEmail
from privacy.models import Consent
from privacy.policy import AccessDenied
from referrals import services
from referrals.models import (
    AgreedActivity,
    BusinessStatus,
    Deadline,
    EventKind,
    Kind,
    Referral,
    Status,
)
from referrals.models import Outcome as ReferralOutcome
from referrals.services import ConsentNeeded, ReferralDraft, ReferralError
from referrals.tests.conftest import actor_for, give_consent

pytestmark = pytest.mark.django_db


def draft(maria, service, **kwargs) -> ReferralDraft:
    values = {
        "resident": maria,
        "service": service,
        "kind": Kind.SOCIAL_PRESCRIPTION,
        "reason": "Somber sinds haar man overleed, slaapt slecht.",
        "resident_wish": "Weer onder de mensen komen.",
        "categories": [DataCategory.CONTACT_DETAILS],
    }
    values.update(kwargs)
    return ReferralDraft(**values)


@pytest.fixture
def sent(clock, gp, coach, maria, welfare, wellbeing_service) -> Referral:
    give_consent(maria, welfare)
    return services.do_create_referral(draft(maria, wellbeing_service), actor=actor_for(gp))


def test_missing_consent_of_the_receiver_is_asked_for_not_a_failure(
    clock, gp, maria, welfare, wellbeing_service
):
    with pytest.raises(ConsentNeeded) as caught:
        services.do_create_referral(draft(maria, wellbeing_service), actor=actor_for(gp))
    assert caught.value.organizations == [welfare]
    assert Referral.objects.count() == 0

    actor = actor_for(gp)
    categories = services.categories_of([DataCategory.CONTACT_DETAILS])
    consents = services.do_record_referral_consent(maria, [welfare], categories, actor=actor)
    assert consents[0].method == Consent.Method.VERBAL
    referral = services.do_create_referral(draft(maria, wellbeing_service), actor=actor)
    assert referral.status == Status.REQUESTED
    assert referral.consent_id == consents[0].pk


def test_sending_sets_the_receipt_deadline_in_working_days_and_tells_the_receiver(
    sent, coach, welfare
):
    assert sent.requested_at is not None
    assert sent.deadline == Deadline.RECEIPT
    assert sent.due_on == datetime.date(2026, 11, 27)  # Wednesday + 2 working days
    assert sent.shared_categories == [DataCategory.REFERRALS, DataCategory.CONTACT_DETAILS]
    note = Notification.objects.get(recipient=coach)
    assert sent.reference in note.title
    assert "Maria" not in note.title + note.body  # no resident details in what is e-mailed
    # The fixed contact person of the service has no account: told by e-mail.
    assert OutgoingEmail.objects.filter(to="ilse@welzijn.example").exists()
    kinds = list(sent.events.values_list("kind", "to_status"))
    assert kinds == [(EventKind.CREATED, Status.DRAFT), (EventKind.STATUS, Status.REQUESTED)]


def test_deadlines_count_from_the_dutch_calendar_day(clock, gp, maria, welfare, wellbeing_service):
    # 23:30 UTC on Thursday is 00:30 on Friday in Maastricht: two working days from Friday.
    clock.freeze(datetime.datetime(2026, 11, 26, 23, 30, tzinfo=datetime.UTC))
    give_consent(maria, welfare)
    referral = services.do_create_referral(draft(maria, wellbeing_service), actor=actor_for(gp))
    assert referral.due_on == datetime.date(2026, 12, 1)


def test_the_whole_social_prescription(sent, clock, gp, coach, choir):
    coach_actor = actor_for(coach)
    referral = services.do_confirm_receipt(sent.pk, actor=coach_actor)
    assert referral.business_status == BusinessStatus.RECEIVED
    assert referral.receipt_in_time is True
    assert referral.deadline == Deadline.FIRST_CONTACT
    assert referral.due_on == datetime.date(2026, 12, 2)  # 5 working days after sending

    referral = services.do_transition(
        sent.pk, actor=coach_actor, to_status=Status.ACCEPTED, version=referral.version
    )
    clock.advance(datetime.timedelta(days=1))
    referral = services.do_register_first_contact(
        sent.pk, actor=coach_actor, version=referral.version, note="Gebeld, afspraak gemaakt."
    )
    assert referral.first_contact_in_time is True
    assert referral.due_on is None and referral.check_on is None
    services.do_record_conversation(
        sent.pk,
        actor=coach_actor,
        on=datetime.date(2026, 11, 26),
        note="Kennismaking; zingt graag.",
    )
    activity = services.do_add_activity(sent.pk, actor=coach_actor, service=choir)
    assert activity.name == "Buurtkoor"
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS
    assert referral.business_status == BusinessStatus.ACTIVITY_STARTED
    referral = services.do_transition(
        sent.pk,
        actor=coach_actor,
        to_status=Status.COMPLETED,
        version=referral.version,
        outcome=ReferralOutcome.GOAL_REACHED,
        note="Zingt wekelijks mee, voelt zich beter.",
    )
    assert referral.closed_at is not None
    assert referral.outcome_note == "Zingt wekelijks mee, voelt zich beter."
    # The GP heard every step.
    titles = list(Notification.objects.filter(recipient=gp).values_list("kind", flat=True))
    assert titles.count("referral_step") == 3  # received, first contact, activity started
    assert "referral_status" in titles
    # Every change was a decision of the policy decision point, logged with the referral.
    entries = AuditEntry.objects.filter(records__contains=[f"referral:{sent.pk}"])
    assert entries.filter(outcome=Outcome.ALLOWED, purpose=Purpose.REFERRAL).count() >= 6
    assert AgreedActivity.objects.filter(referral=referral).count() == 1


@pytest.mark.parametrize(
    ("to_status", "message"),
    [
        (Status.COMPLETED, "kan niet"),
        (Status.DRAFT, "kan niet"),
        ("nonsense", "Onbekende status"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(sent, coach, to_status, message):
    with pytest.raises(ReferralError, match=message):
        services.do_transition(
            sent.pk, actor=actor_for(coach), to_status=to_status, version=sent.version
        )
    sent.refresh_from_db()
    assert sent.status == Status.REQUESTED


def test_each_side_makes_only_its_own_moves(sent, gp, coach):
    with pytest.raises(ReferralError, match="Alleen de ontvangende organisatie"):
        services.do_transition(
            sent.pk, actor=actor_for(gp), to_status=Status.ACCEPTED, version=sent.version
        )
    with pytest.raises(ReferralError, match="Alleen de verwijzer"):
        services.do_transition(
            sent.pk, actor=actor_for(coach), to_status=Status.ENTERED_IN_ERROR, version=sent.version
        )


def test_rejecting_needs_a_reason_and_other_needs_words(sent, coach, gp):
    actor = actor_for(coach)
    with pytest.raises(ReferralError, match="Geef de reden"):
        services.do_transition(
            sent.pk, actor=actor, to_status=Status.REJECTED, version=sent.version
        )
    with pytest.raises(ReferralError, match="Leg de reden"):
        services.do_transition(
            sent.pk, actor=actor, to_status=Status.REJECTED, version=sent.version, reason="other"
        )
    referral = services.do_transition(
        sent.pk,
        actor=actor,
        to_status=Status.REJECTED,
        version=sent.version,
        reason="outside_target_group",
    )
    assert referral.status == Status.REJECTED and referral.closed_at is not None
    assert referral.receipt_in_time is True  # a rejection is an answer
    assert Notification.objects.filter(recipient=gp, kind="referral_status").exists()


def test_completing_needs_an_outcome(sent, coach):
    actor = actor_for(coach)
    referral = services.do_transition(
        sent.pk, actor=actor, to_status=Status.ACCEPTED, version=sent.version
    )
    with pytest.raises(ReferralError, match="uitkomst"):
        services.do_transition(
            sent.pk, actor=actor, to_status=Status.COMPLETED, version=referral.version
        )


def test_a_stale_version_is_refused_with_changed_meanwhile(sent, coach, colleague):
    services.do_transition(
        sent.pk, actor=actor_for(coach), to_status=Status.ACCEPTED, version=sent.version
    )
    with pytest.raises(services.ChangedMeanwhile):
        services.do_transition(
            sent.pk,
            actor=actor_for(colleague),
            to_status=Status.REJECTED,
            version=sent.version,  # what the colleague loaded, before the coach accepted
            reason="no_capacity",
        )
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED


def test_waiting_list_hold_stops_the_clock_and_resuming_restarts_it(sent, coach, clock):
    actor = actor_for(coach)
    referral = services.do_transition(
        sent.pk, actor=actor, to_status=Status.ON_HOLD, version=sent.version, reason="waiting_list"
    )
    assert referral.business_status == BusinessStatus.WAITING_LIST
    assert referral.due_on is None and referral.check_on is None
    clock.advance(datetime.timedelta(days=14))
    referral = services.do_transition(
        sent.pk, actor=actor, to_status=Status.ACCEPTED, version=referral.version
    )
    assert referral.deadline == Deadline.FIRST_CONTACT
    assert referral.due_on == datetime.date(2026, 12, 16)  # 5 working days from 9 December


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "Klik <a href='x'>hier</a>", "javascript:alert(1)", "x" * 4001],
)
def test_script_laden_or_overlong_text_is_refused(
    clock, gp, maria, welfare, wellbeing_service, text
):
    give_consent(maria, welfare)
    with pytest.raises(ReferralError):
        services.do_create_referral(
            draft(maria, wellbeing_service, reason=text), actor=actor_for(gp)
        )
    assert Referral.objects.count() == 0


def test_an_ordinary_less_than_sign_is_fine(clock, gp, maria, welfare, wellbeing_service):
    give_consent(maria, welfare)
    referral = services.do_create_referral(
        draft(maria, wellbeing_service, reason="Slaapt <5 uur per nacht."), actor=actor_for(gp)
    )
    assert referral.reason == "Slaapt <5 uur per nacht."


def test_a_service_whose_provider_is_not_on_the_platform_is_refused(clock, gp, maria, choir):
    with pytest.raises(ReferralError, match="ontvangt nog geen verwijzingen"):
        services.do_create_referral(draft(maria, choir), actor=actor_for(gp))


def test_a_found_resident_without_consent_for_the_referrer_is_asked_for_it(
    clock, gp, other_resident, welfare, wellbeing_service
):
    resident = other_resident.resident
    give_consent(resident, welfare)
    with pytest.raises(ConsentNeeded) as caught:
        services.do_create_referral(
            draft(resident, wellbeing_service), actor=actor_for(gp), known_to_actor=True
        )
    assert [o.name for o in caught.value.organizations] == ["Huisartsenpraktijk De Linde"]


def test_a_stranger_is_refused_as_unknown_and_no_consent_is_recorded(
    clock, gp, other_resident, wellbeing_service
):
    resident = other_resident.resident
    with pytest.raises(AccessDenied) as caught:
        services.do_create_referral(
            draft(resident, wellbeing_service), actor=actor_for(gp), consent_given_verbally=True
        )
    assert caught.value.decision.reason == "not_found"
    assert not Consent.objects.filter(resident=resident).exists()
    assert Referral.objects.count() == 0


def test_consent_given_verbally_in_the_flow_is_recorded_with_the_referral(
    clock, gp, maria, welfare, wellbeing_service
):
    referral = services.do_create_referral(
        draft(maria, wellbeing_service), actor=actor_for(gp), consent_given_verbally=True
    )
    consent = Consent.objects.get(resident=maria, organization=welfare)
    assert consent.method == Consent.Method.VERBAL and referral.consent_id == consent.pk


def test_an_outsider_cannot_read_or_change_and_is_logged(sent, social_worker):
    with pytest.raises(AccessDenied):
        services.get_referral(sent.pk, actor=actor_for(social_worker))
    with pytest.raises(AccessDenied) as caught:
        services.do_transition(
            sent.pk, actor=actor_for(social_worker), to_status=Status.CANCELLED, version=1
        )
    caught.value.ensure_logged()  # what the middleware and the API do at the edge
    denied = AuditEntry.objects.filter(outcome=Outcome.DENIED, records=[f"referral:{sent.pk}"])
    assert denied.count() == 2


def test_consent_withdrawn_stops_the_receiver_at_the_next_request(sent, coach, maria, welfare):
    consent = Consent.objects.get(resident=maria, organization=welfare)
    consent.status = Consent.Status.INACTIVE
    consent.revoked_at = consent.starts_at + datetime.timedelta(days=31)
    consent.save()
    with pytest.raises(AccessDenied):
        services.get_referral(sent.pk, actor=actor_for(coach))


def test_assignment_only_to_colleagues_in_a_care_role(sent, coach, colleague, gp):
    actor = actor_for(coach)
    referral = services.do_assign(
        sent.pk, actor=actor, assignee_id=colleague.pk, version=sent.version
    )
    assert referral.owner == colleague
    assert Notification.objects.filter(recipient=colleague, kind="referral_assigned").exists()
    with pytest.raises(ReferralError, match="collega"):
        services.do_assign(sent.pk, actor=actor, assignee_id=gp.pk, version=referral.version)


def test_feedback_goes_to_the_other_side(sent, gp, coach):
    services.do_add_feedback(sent.pk, actor=actor_for(coach), note="Wat is haar telefoonnummer?")
    services.do_add_feedback(sent.pk, actor=actor_for(gp), note="06-12345678")
    assert Notification.objects.filter(recipient=gp, kind="referral_feedback").count() == 1
    assert Notification.objects.filter(recipient=coach, kind="referral_feedback").count() == 1
    with pytest.raises(ReferralError):
        services.do_add_feedback(sent.pk, actor=actor_for(gp), note="   ")


def test_refer_on_links_the_new_referral(sent, coach, maria, social_team, wellbeing_service):
    actor = actor_for(coach)
    referral = services.do_transition(
        sent.pk, actor=actor, to_status=Status.ACCEPTED, version=sent.version
    )
    give_consent(maria, social_team)
    onward = services.do_create_referral(
        ReferralDraft(
            resident=maria,
            reason="Schulden; graag hulp van het wijkteam.",
            organization=social_team,
            based_on=referral,
        ),
        actor=actor,
    )
    assert onward.based_on == referral
    assert onward.requester_organization.name == "Welzijn Maastricht"
    assert list(referral.referred_on.all()) == [onward]


def test_a_failure_midway_leaves_no_half_referral(
    clock, gp, maria, welfare, wellbeing_service, monkeypatch
):
    give_consent(maria, welfare)

    def boom(*args, **kwargs):
        raise RuntimeError("the mail queue is down")

    monkeypatch.setattr("referrals.notices.notify", boom)
    with pytest.raises(RuntimeError):
        services.do_create_referral(draft(maria, wellbeing_service), actor=actor_for(gp))
    assert Referral.objects.count() == 0
    assert not AuditEntry.objects.filter(action="create", purpose=Purpose.REFERRAL).exists()


def test_the_referral_is_a_valid_fhir_service_request_and_task(sent, coach, choir):
    from core.fhir import validation_errors
    from referrals.fhir import service_request_resource, task_resource

    actor = actor_for(coach)
    referral = services.do_transition(
        sent.pk, actor=actor, to_status=Status.ACCEPTED, version=sent.version
    )
    services.do_add_activity(sent.pk, actor=actor, service=choir)
    services.do_add_feedback(sent.pk, actor=actor, note="Eerste gesprek was goed.")
    referral.refresh_from_db()
    referral = services.do_transition(
        sent.pk,
        actor=actor,
        to_status=Status.COMPLETED,
        version=referral.version,
        outcome=ReferralOutcome.PARTLY_REACHED,
        note="Gaat naar het koor.",
    )
    request = service_request_resource(referral)
    task = task_resource(referral)
    assert validation_errors(request) == []
    assert validation_errors(task) == []
    assert task["status"] == "completed" and request["status"] == "completed"
    assert task["focus"] == {"reference": f"ServiceRequest/{referral.pk}"}
    assert task["output"][-1]["valueCodeableConcept"]["coding"][0]["code"] == "partly_reached"
    assert task["output"][0]["valueReference"]["reference"] == f"HealthcareService/{choir.pk}"
    assert request["note"][0]["authorReference"] == {"reference": f"Patient/{referral.resident_id}"}


@pytest.mark.parametrize("status", list(Status))
def test_every_status_is_a_fhir_task_status(sent, status):
    from core.fhir import validation_errors
    from referrals.fhir import service_request_resource, task_resource

    sent.status = status
    sent.status_reason = "no_capacity" if status in ("rejected", "on-hold") else ""
    assert validation_errors(task_resource(sent)) == []
    assert validation_errors(service_request_resource(sent)) == []
    assert task_resource(sent)["status"] == status.value


def test_retention_deletes_referrals_closed_longer_ago_than_the_rule_and_logs_it(
    sent, coach, maria
):
    from privacy.retention import apply_retention

    services.do_transition(
        sent.pk,
        actor=actor_for(coach),
        to_status=Status.REJECTED,
        version=sent.version,
        reason="no_capacity",
    )
    Referral.objects.filter(pk=sent.pk).update(
        closed_at=sent.authored_at - datetime.timedelta(days=7301)
    )
    assert apply_retention()["referrals"] == 1
    assert not Referral.objects.filter(pk=sent.pk).exists()
    entry = AuditEntry.objects.filter(basis="retention:referrals").get()
    assert entry.resident_id == maria.pk and entry.records == [f"referral:{sent.pk}"]


def test_retention_keeps_open_referrals(sent):
    from privacy.retention import apply_retention

    Referral.objects.filter(pk=sent.pk).update(
        authored_at=sent.authored_at - datetime.timedelta(days=8000)
    )
    assert apply_retention()["referrals"] == 0
    assert Referral.objects.filter(pk=sent.pk).exists()
