"""The referral every request reads (and a change locks) comes through a prepared statement
(core.prepared.OneRow): the same instances as the ORM's, its parties included."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization, User
from core.prepared import OneRow
from referrals import services
from referrals.models import Referral
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
    # Read and lock with the decision, the agreement, the event, the notification with its
    # e-mail setting and e-mail (one statement), the referral, the access log.
    assert len(statements) <= 7, statements
    [update] = [sql for sql in statements if sql.startswith("UPDATE")]
    assert '"status"' in update and '"version"' in update and '"received_at"' in update
    assert '"reason"' not in update and '"resident_id"' not in update
    sent.refresh_from_db()
    assert (sent.status, sent.version, sent.business_status) == ("accepted", 2, "received")
    assert sent.reason  # untouched columns keep their value
