"""The ties the decision reads in one statement: the care team (of the resident and of their
household), emergency access (only for whoever opened it, for that organisation), and consents
read anew on every decision.

The cast: Maria Smeets lives with her partner Jan; the welfare organisation's coach Lotte, the
GP Anouk and a second GP of the same practice.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, Organization, Role, User
from audit.models import AuditEntry, DataCategory, Purpose
from conftest import make_professional
from privacy import services
from privacy.models import Consent
from privacy.policy import AccessDenied, Actor, Denial, authorize, decide, organization_consent
from residents.models import CareTeamMember, HouseholdMember, Resident

pytestmark = [pytest.mark.django_db, pytest.mark.parity]
CONTACT = [DataCategory.CONTACT_DETAILS]
COORDINATION = Purpose.CARE_COORDINATION


def acting(user: User, organization: Organization | None = None) -> Actor:
    memberships = Membership.objects.select_related("organization", "user").filter(user=user)
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    return Actor(user, memberships.first())


@pytest.fixture
def maria(resident_user: User) -> Resident:
    return resident_user.resident


@pytest.fixture
def coach(welfare: Organization) -> User:
    return make_professional("coach@example.nl", "Lotte", [(welfare, Role.WELLBEING_COACH)])


@pytest.fixture
def colleague(gp_practice: Organization) -> User:
    return make_professional("gp2@example.nl", "Bart", [(gp_practice, Role.GP)])


def give_consent(maria: Resident, resident_user: User, **recipient) -> Consent:
    return services.do_record_consent(
        maria,
        purpose=COORDINATION,
        categories=CONTACT,
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(resident_user),
        **({"organization_id": None, "care_team": False} | recipient),
    )


def test_a_care_team_of_the_household_brings_the_care_team_consent(
    maria: Resident, resident_user: User, coach: User, welfare: Organization
) -> None:
    consent = give_consent(maria, resident_user, care_team=True)
    household = HouseholdMember.objects.get(resident=maria).household
    CareTeamMember.objects.create(
        household=household,
        organization=welfare,
        role="welzijnscoach",
        since=datetime.date(2026, 1, 1),
    )

    decision = decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.basis) == (True, f"consent:{consent.pk}")
    assert organization_consent(maria, welfare, purpose=COORDINATION, categories=CONTACT) == (
        consent.pk
    )

    # Maria moves out: the household's team is no longer hers.
    HouseholdMember.objects.filter(resident=maria).update(until=datetime.date(2026, 2, 1))
    decision = decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.reason) == (False, Denial.NOT_FOUND)
    assert organization_consent(maria, welfare, purpose=COORDINATION, categories=CONTACT) is None


def test_the_care_team_without_consent_hears_why_instead_of_not_found(
    maria: Resident, coach: User, welfare: Organization
) -> None:
    member = CareTeamMember.objects.create(
        resident=maria, organization=welfare, role="welzijnscoach", since=datetime.date(2026, 1, 1)
    )
    decision = decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.reason) == (False, Denial.NO_CONSENT)

    member.since = timezone.localdate() + datetime.timedelta(days=2)  # not yet in the team
    member.save()
    decision = decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.reason) == (False, Denial.NOT_FOUND)


def test_emergency_access_counts_only_for_whoever_opened_it_for_that_organisation(
    maria: Resident, gp: User, colleague: User, social_team: Organization
) -> None:
    access = services.do_break_glass(
        maria, reason="Bewusteloos aangetroffen, medicatie onbekend", actor=acting(gp)
    )
    notes = [DataCategory.NOTES]
    decision = decide(acting(gp), maria, categories=notes, purpose=Purpose.EMERGENCY)
    assert decision.basis == f"break_glass:{access.pk}"
    decision = decide(acting(colleague), maria, categories=notes, purpose=Purpose.EMERGENCY)
    assert (decision.allowed, decision.reason) == (False, Denial.NOT_FOUND)
    # The same person acting for another organisation does not carry it along.
    Membership.objects.create(user=gp, organization=social_team, role=Role.SOCIAL_WORKER)
    decision = decide(acting(gp, social_team), maria, categories=notes, purpose=Purpose.EMERGENCY)
    assert (decision.allowed, decision.reason) == (False, Denial.NOT_FOUND)


def test_a_consent_is_read_anew_on_every_decision(
    maria: Resident, resident_user: User, gp: User, gp_practice: Organization
) -> None:
    actor = acting(gp)
    consent = give_consent(maria, resident_user, organization_id=gp_practice.pk)
    assert decide(actor, maria, categories=CONTACT, purpose=COORDINATION).allowed
    # Behind the application's back, as another process would: the next decision sees it.
    Consent.objects.filter(pk=consent.pk).update(revoked_at=timezone.now())
    decision = decide(actor, maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.reason) == (False, Denial.CONSENT_ENDED)


def test_a_decision_is_one_statement_and_its_entry_one_more(
    maria: Resident,
    resident_user: User,
    gp: User,
    coach: User,
    gp_practice: Organization,
    django_assert_num_queries,
) -> None:
    give_consent(maria, resident_user, organization_id=gp_practice.pk)
    allowed, stranger = acting(gp), acting(coach)
    with django_assert_num_queries(1):
        assert decide(allowed, maria, categories=CONTACT, purpose=COORDINATION).allowed
    with django_assert_num_queries(1):  # the refused path: consents, emergency, care team
        assert not decide(stranger, maria, categories=CONTACT, purpose=COORDINATION).allowed
    # On PostgreSQL the entry is one call of audit_append; SQLite reads the last entry first.
    entry = 1 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(1 + entry):
        authorize(allowed, maria, categories=CONTACT, purpose=COORDINATION)
    with django_assert_num_queries(1 + entry), pytest.raises(AccessDenied):
        authorize(stranger, maria, categories=CONTACT, purpose=COORDINATION)
    assert list(AuditEntry.objects.order_by("id").values_list("outcome", flat=True))[-2:] == [
        "allowed",
        "denied",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_the_decisions_statement_is_planned_once_per_connection(
    maria: Resident, resident_user: User, gp: User, gp_practice: Organization
) -> None:
    actor = acting(gp)
    consent = give_consent(maria, resident_user, organization_id=gp_practice.pk)
    for _ in range(3):
        assert decide(actor, maria, categories=CONTACT, purpose=COORDINATION).allowed
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s AND NOT from_sql",
            ["%privacy_breakglassaccess%"],
        )
        assert cursor.fetchone()[0] >= 1
    # Shown in the query log with its parameters (DEBUG pages, tests counting queries).
    with CaptureQueriesContext(connection) as queries:
        decide(actor, maria, categories=CONTACT, purpose=COORDINATION)
    (logged,) = queries.captured_queries
    assert "FROM privacy_breakglassaccess" in logged["sql"]
    assert f"c.resident_id = {maria.pk}" in " ".join(logged["sql"].split())
    # Prepared is the plan, never the answer: a revocation counts on the next decision.
    Consent.objects.filter(pk=consent.pk).update(revoked_at=timezone.now())
    assert not decide(actor, maria, categories=CONTACT, purpose=COORDINATION).allowed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_deployment_that_turns_prepared_statements_off_gets_none(
    maria: Resident, resident_user: User, gp: User, gp_practice: Organization, monkeypatch
) -> None:
    """Behind a transaction-mode pooler: DATABASES["default"]["OPTIONS"]["prepare_threshold"]."""
    give_consent(maria, resident_user, organization_id=gp_practice.pk)
    connection.ensure_connection()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
        for _ in range(3):
            assert decide(acting(gp), maria, categories=CONTACT, purpose=COORDINATION).allowed
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
