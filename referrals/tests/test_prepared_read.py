"""The referral every request reads (and a change locks) comes through a prepared statement
(core.prepared.OneRow): the same instances as the ORM's, its parties included. A change writes
its history event and the referral with prepared statements too (core.prepared.insert, update)."""

import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization, User
from core import clock as real_clock
from core import prepared
from core.prepared import OneRow
from referrals import services
from referrals.models import EventKind, Referral, ReferralEvent
from referrals.tests.conftest import actor_for, give_consent
from referrals.tests.test_lifecycle import draft
from residents.models import Resident

pytestmark = pytest.mark.django_db

PARTIES = ("resident", "requester", "requester_organization", "performer_organization", "owner")


def fields(instance: object) -> dict[str, object]:
    return {k: v for k, v in vars(instance).items() if not k.startswith("_")}


@pytest.fixture
def sent(clock, gp: User, coach: User, maria: Resident, welfare: Organization, wellbeing_service):
    give_consent(maria, welfare)
    maria.set_bsn("123456782")  # an encrypted column: Django's converters must run
    maria.save()
    referral = services.do_create_referral(draft(maria, wellbeing_service), actor=actor_for(gp))
    Referral.objects.filter(pk=referral.pk).update(owner=coach)
    return referral


@pytest.mark.parametrize("locked", [False, True])
def test_the_prepared_read_gives_what_the_orm_gives(sent: Referral, locked: bool) -> None:
    expected = Referral.objects.select_related(*PARTIES).get(pk=sent.pk)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        for _ in range(3):  # compiled on the first, prepared by PostgreSQL on a later one
            found = (services._LOCKED if locked else services._READ).get(sent.pk)
            assert found is not None
            assert fields(found) == fields(expected)
            for party in PARTIES:
                assert fields(getattr(found, party)) == fields(getattr(expected, party))
            assert found.resident.bsn_encrypted == expected.resident.bsn_encrypted != ""
            assert found.shared_categories == expected.shared_categories
            assert not found._state.adding and found._state.db == "default"
    assert len(queries) == 3  # the parties came with the referral
    if locked and connection.vendor == "postgresql":
        assert "FOR UPDATE" in queries[0]["sql"]


def test_an_unknown_id_is_none_and_a_queryset_with_other_parameters_is_refused(
    sent: Referral,
) -> None:
    assert services._READ.get(987654) is None
    assert services._READ.get(10**30) is None  # beyond bigint: no row, and no full scan
    odd = OneRow(Referral, lambda pk: Referral.objects.filter(pk=pk, version__gte=1).order_by())
    if connection.vendor == "postgresql":
        with pytest.raises(ValueError, match="exactly one parameter"):
            odd.get(sent.pk)
    with pytest.raises(ValueError):
        services._READ.get(None)


def test_a_transition_writes_only_what_it_changed_in_few_statements(
    sent: Referral, coach: User
) -> None:
    actor = actor_for(coach)
    with CaptureQueriesContext(connection) as queries:
        services.do_transition(sent.pk, actor=actor, to_status="accepted", version=sent.version)
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # Read and lock with the decision, the agreement, and the writes: on PostgreSQL the event,
    # the notification with its e-mail setting and e-mail, the referral and the access log in
    # one statement (core.prepared.together), elsewhere one statement each.
    assert len(statements) <= (4 if connection.vendor == "postgresql" else 7), statements
    [update] = [
        match.group(1)
        for sql in statements
        if (match := re.search(r'UPDATE "referrals_referral" SET (.*?) WHERE', sql, re.S))
    ]
    assert '"status"' in update and '"version"' in update and '"received_at"' in update
    assert '"reason"' not in update and '"resident_id"' not in update
    sent.refresh_from_db()
    assert (sent.status, sent.version, sent.business_status) == ("accepted", 2, "received")
    assert sent.reason  # untouched columns keep their value


def test_the_prepared_insert_writes_what_the_orm_reads_back(sent: Referral, coach: User) -> None:
    events = []
    with CaptureQueriesContext(connection) as queries:
        for note in ("eerste", "tweede", "derde"):  # prepared by PostgreSQL on a later one
            event = ReferralEvent(
                referral=sent,
                at=real_clock.now(),
                kind=EventKind.FEEDBACK,
                actor=coach,
                actor_name="Coach",
                organization=sent.performer_organization,
                note=note,
            )
            prepared.insert(event)
            events.append(event)
    assert len(queries) == 3
    for event in events:
        assert event.pk is not None and not event._state.adding and event._state.db == "default"
        assert fields(ReferralEvent.objects.get(pk=event.pk)) == fields(event)
    assert len({event.pk for event in events}) == 3


def test_the_prepared_update_writes_only_the_columns_named(sent: Referral) -> None:
    referral = Referral.objects.get(pk=sent.pk)
    referral.status_note = "bijgewerkt"
    referral.shared_categories = [*referral.shared_categories, "contact_details"]
    referral.reason = "not written"
    with CaptureQueriesContext(connection) as queries:
        prepared.update(referral, ["status_note", "shared_categories"])
        prepared.update(referral, [])  # nothing to write: no statement
    assert len(queries) == 1
    stored = Referral.objects.get(pk=sent.pk)
    assert stored.status_note == "bijgewerkt"
    assert stored.shared_categories == referral.shared_categories  # JSON, as the ORM writes it
    assert stored.reason == sent.reason


def test_the_prepared_update_of_a_row_that_is_gone_fails(sent: Referral) -> None:
    referral = Referral.objects.get(pk=sent.pk)
    Referral.objects.filter(pk=sent.pk).delete()
    referral.status_note = "te laat"
    with pytest.raises(DatabaseError, match="did not affect any rows"):
        prepared.update(referral, ["status_note"])
