"""An unanswered referral is chased: a reminder when the agreed time has passed, an escalation to
the organisation's contact person when the reminder did not help. Shown with the frozen clock."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import DataCategory
from notifications.models import Notification, OutgoingEmail
from referrals import services
from referrals.models import EventKind, Kind, Referral, ResponseAgreement, Status
from referrals.services import ReferralDraft
from referrals.tasks import chase, chase_late_referrals
from referrals.tests.conftest import actor_for, give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(clock, gp, coach, maria, welfare, wellbeing_service) -> Referral:
    give_consent(maria, welfare)
    return services.do_create_referral(
        ReferralDraft(
            resident=maria,
            service=wellbeing_service,
            kind=Kind.SOCIAL_PRESCRIPTION,
            reason="Eenzaam.",
            categories=[DataCategory.CONTACT_DETAILS],
        ),
        actor=actor_for(gp),
    )


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def test_nothing_happens_before_the_deadline_has_passed(sent, clock):
    clock.advance(days(2))  # Friday 27 November: the receipt is due today, not late yet
    assert chase(clock.today()).as_dict() == {"reminded": 0, "escalated": 0}


def test_reminder_then_escalation_then_nothing_more(sent, clock, coach, gp, welfare):
    welfare.email = "info@welzijn.example"
    welfare.save()
    clock.advance(days(3))  # Saturday 28 November: the receipt is late
    assert chase(clock.today()).reminded == 1
    sent.refresh_from_db()
    assert sent.reminders_sent == 1
    assert sent.check_on == datetime.date(2026, 11, 30)  # one working day later: Monday
    reminder = Notification.objects.get(recipient=coach, kind="referral_reminder")
    assert sent.reference in reminder.body
    assert sent.events.filter(kind=EventKind.REMINDER).count() == 1

    assert chase(clock.today()).as_dict() == {"reminded": 0, "escalated": 0}  # once a day only
    clock.advance(days(2))  # Monday 30 November: still no answer
    assert chase(clock.today()).escalated == 1
    sent.refresh_from_db()
    assert sent.escalated_at is not None and sent.check_on is None
    assert Notification.objects.filter(recipient=coach, kind="referral_escalation").exists()
    assert OutgoingEmail.objects.filter(to="info@welzijn.example").exists()
    # The referrer hears that the receiver is late and was chased.
    assert Notification.objects.filter(recipient=gp, kind="referral_overdue").exists()

    clock.advance(days(7))
    assert chase(clock.today()).as_dict() == {"reminded": 0, "escalated": 0}


def test_the_agreed_contact_person_gets_the_escalation(sent, clock, coach, colleague, welfare):
    ResponseAgreement.objects.create(
        organization=welfare,
        receipt_days=2,
        first_contact_days=5,
        escalation_days=1,
        contact_person=colleague,
    )
    clock.advance(days(3))
    chase(clock.today())
    clock.advance(days(2))
    chase(clock.today())
    assert Notification.objects.filter(recipient=colleague, kind="referral_escalation").exists()
    assert not Notification.objects.filter(recipient=coach, kind="referral_escalation").exists()


def test_an_answer_stops_the_chase_and_first_contact_is_chased_next(sent, clock, coach):
    clock.advance(days(3))
    chase(clock.today())
    services.do_transition(
        sent.pk, actor=actor_for(coach), to_status=Status.ACCEPTED, version=sent.version
    )
    sent.refresh_from_db()
    assert sent.receipt_in_time is False  # answered, but after the agreed two working days
    assert sent.reminders_sent == 0
    assert sent.due_on == datetime.date(2026, 12, 2)  # first contact: 5 working days from sending
    clock.advance(days(2))  # Monday 30 November: first contact not late yet
    assert chase(clock.today()).as_dict() == {"reminded": 0, "escalated": 0}
    clock.advance(days(3))  # Thursday 3 December: late
    assert chase(clock.today()).reminded == 1


def test_public_holidays_are_not_working_days(clock, gp, coach, maria, welfare, wellbeing_service):
    clock.freeze(datetime.datetime(2026, 12, 24, 9, 0, tzinfo=datetime.UTC))
    give_consent(maria, welfare)
    referral = services.do_create_referral(
        ReferralDraft(resident=maria, service=wellbeing_service, reason="Eenzaam."),
        actor=actor_for(gp),
    )
    # Thursday 24 December + 2 working days: Christmas (Fri) and the weekend do not count.
    assert referral.due_on == datetime.date(2026, 12, 29)
    clock.advance(days(5))  # Tuesday 29 December
    assert chase(clock.today()).reminded == 0


def test_the_task_runs_through_the_worker(sent, clock, django_capture_on_commit_callbacks):
    clock.advance(days(3))
    result = chase_late_referrals.call()
    assert result == {"reminded": 1, "escalated": 0}


def test_late_referrals_are_visible_on_both_sides(sent, clock, client_for, gp, coach):
    clock.advance(days(3))
    for user, box in ((coach, "in"), (gp, "uit")):
        page = client_for(user).get("/verwijzingen/", {"bak": box, "te_laat": "1"})
        assert page.status_code == 200
        assert sent.reference in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_round_commits_without_waiting_for_the_disk_in_its_own_transactions_only(
    sent, clock
) -> None:
    clock.advance(days(3))
    with CaptureQueriesContext(connection) as queries:
        assert chase(clock.today()).reminded == 1
    statements = [q["sql"] for q in queries.captured_queries]
    setting = "SET LOCAL synchronous_commit = off"
    if connection.vendor == "postgresql":
        first_update = next(i for i, s in enumerate(statements) if s.startswith("UPDATE"))
        assert setting in statements[:first_update]
        with connection.cursor() as cursor:  # LOCAL: the connection's later work waits again
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    else:
        assert setting not in statements
