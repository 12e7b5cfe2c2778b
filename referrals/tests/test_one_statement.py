"""A transition's writes — the history event, the notification with its e-mail, the referral and
the access log's entry — go to PostgreSQL as one statement (core.prepared.together). The entry is
still written by audit_append with the same content, and a failure anywhere writes nothing."""

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization, User
from audit.models import AuditEntry
from audit.services import verify_chain
from core import clock as real_clock
from core import prepared
from notifications.models import Notification, OutgoingEmail
from privacy.models import Consent
from privacy.policy import Decision, record_decision
from referrals import services
from referrals.models import EventKind, Referral, ReferralEvent
from referrals.tests.conftest import actor_for, give_consent
from referrals.tests.test_lifecycle import draft
from residents.models import Resident

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="one statement on PostgreSQL only"
)


@pytest.fixture
def sent(clock, gp: User, maria: Resident, welfare: Organization, wellbeing_service) -> Referral:
    give_consent(maria, welfare)
    return services.do_create_referral(draft(maria, wellbeing_service), actor=actor_for(gp))


def written(referral: Referral) -> dict[str, Any]:
    """What a change of this referral leaves behind."""
    return {
        "referral": Referral.objects.values("status", "version", "business_status").get(
            pk=referral.pk
        ),
        "events": ReferralEvent.objects.filter(referral=referral).count(),
        "notifications": Notification.objects.count(),
        "emails": OutgoingEmail.objects.count(),
        "entries": AuditEntry.objects.filter(records=[f"referral:{referral.pk}"]).count(),
    }


@postgresql_only
def test_a_transition_writes_in_one_statement_with_the_audit_entry_last(
    sent: Referral, coach: User, gp: User, maria: Resident, welfare: Organization
) -> None:
    before = written(sent)
    with CaptureQueriesContext(connection) as queries:
        services.do_transition(
            sent.pk, actor=actor_for(coach), to_status="accepted", version=sent.version, note="Ja"
        )
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH")]
    assert len(writes) == 1
    [statement] = writes
    for part in (
        'INSERT INTO "referrals_referralevent"',
        "INSERT INTO notifications_notification",
        "INSERT INTO notifications_outgoingemail",
        'UPDATE "referrals_referral"',
        "audit_append(",
    ):
        assert part in statement
    assert [q["sql"] for q in queries.captured_queries][-2].startswith("WITH")  # then RELEASE
    select = statement[statement.rindex("\nSELECT ") :]
    assert select.index("audit_appended") > select.index("referrals_referral_updated")

    after = written(sent)
    assert after["referral"] == {"status": "accepted", "version": 2, "business_status": "received"}
    assert after["events"] == before["events"] + 1
    assert after["notifications"] == before["notifications"] + 1
    assert after["emails"] == before["emails"] + 1
    notification = Notification.objects.latest("id")
    assert notification.recipient == gp and OutgoingEmail.objects.latest("id").notification_id == (
        notification.pk
    )

    entry = AuditEntry.objects.latest("id")
    consent = Consent.objects.get(resident=maria, organization=welfare)
    assert (
        entry.actor_id,
        entry.actor_name,
        entry.actor_kind,
        entry.organization_id,
        entry.organization_name,
        entry.resident_id,
        entry.records,
        entry.categories,
        entry.purpose,
        entry.action,
        entry.outcome,
        entry.basis,
        entry.reason,
        entry.channel,
    ) == (
        coach.pk,
        str(coach),
        "professional",
        welfare.pk,
        welfare.name,
        maria.pk,
        [f"referral:{sent.pk}"],
        ["referrals"],
        "referral",
        "update",
        "allowed",
        f"consent:{consent.pk}",
        "",
        "page",
    )
    assert verify_chain().ok


@postgresql_only
def test_the_deferred_writes_get_their_ids_and_hashes_when_the_block_ends(
    sent: Referral, coach: User
) -> None:
    actor = actor_for(coach)
    with transaction.atomic():
        with prepared.together():
            event = ReferralEvent(
                referral=sent, at=real_clock.now(), kind=EventKind.FEEDBACK, note="later"
            )
            prepared.insert(event)
            entry = record_decision(
                actor,
                Decision(True, basis="test"),
                resident_id=sent.resident_id,
                categories=["referrals"],
                purpose="referral",
                action="read",
                records=[f"referral:{sent.pk}"],
            )
            assert event.pk is None and entry.id is None  # nothing sent yet
        assert event.pk is not None and not event._state.adding
        stored = AuditEntry.objects.get(id=entry.id)
        assert (stored.hash, stored.prev_hash, stored.at) == (entry.hash, entry.prev_hash, entry.at)
    assert verify_chain().ok


@postgresql_only
def test_a_failure_in_the_statement_writes_nothing_of_the_transition(
    sent: Referral, coach: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The access log's part fails (a column it may not leave empty): the event, notification,
    e-mail and referral of the same change are not written either."""
    from audit import services as audit_services

    payload = audit_services._payload
    monkeypatch.setattr(
        audit_services, "_payload", lambda entry: {**payload(entry), "purpose": None}
    )
    before = written(sent)
    with pytest.raises(DatabaseError):
        services.do_transition(
            sent.pk, actor=actor_for(coach), to_status="accepted", version=sent.version
        )
    assert written(sent) == before


def test_an_error_inside_the_block_sends_nothing(sent: Referral, coach: User) -> None:
    before = written(sent)
    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(RuntimeError),
        transaction.atomic(),
        prepared.together(),
    ):
        prepared.insert(ReferralEvent(referral=sent, at=real_clock.now(), kind="feedback"))
        raise RuntimeError("the notice could not be made")
    if connection.vendor == "postgresql":
        assert not [q for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert written(sent) == before


def test_an_update_of_a_row_that_is_gone_fails_the_block_and_writes_nothing(
    sent: Referral,
) -> None:
    gone = Referral.objects.get(pk=sent.pk)
    gone.pk = 987654
    gone.status_note = "nergens"
    before = written(sent)
    with (
        pytest.raises(DatabaseError, match="did not affect any rows"),
        transaction.atomic(),
        prepared.together(),
    ):
        prepared.insert(ReferralEvent(referral=sent, at=real_clock.now(), kind="feedback"))
        prepared.update(gone, ["status_note"])
    assert written(sent) == before
