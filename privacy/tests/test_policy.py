"""The policy decision point, through its public functions: who may use which data, and the log.

The permission matrix: the resident, a representative, professionals of an organisation with and
without consent, other roles, revoked and expired consent, the care team, break-glass, a user in
two organisations, and ids that do not exist. Every decision leaves an audit entry.
"""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Membership, Organization, Role, User
from audit.models import AuditEntry, DataCategory, Purpose
from conftest import make_professional
from privacy import services
from privacy.models import Consent
from privacy.policy import AccessDenied, Actor, Denial, authorize, authorize_id, decide
from residents.models import CareTeamMember, LegalRepresentative, Resident

# parity: `make test` also runs the decisions on SQLite (the embedded demo).
pytestmark = [pytest.mark.django_db, pytest.mark.parity]
CONTACT = [DataCategory.CONTACT_DETAILS]
COORDINATION = Purpose.CARE_COORDINATION


def acting(user: User, organization: Organization | None = None) -> Actor:
    memberships = Membership.objects.filter(user=user)
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
def consent_to_social_team(maria: Resident, social_team: Organization, social_worker: User):
    """Maria told the social team's worker she agrees: contact details and plan, for coordination."""
    return services.do_record_consent(
        maria,
        organization_id=social_team.pk,
        care_team=False,
        purpose=COORDINATION,
        categories=[DataCategory.CONTACT_DETAILS, DataCategory.PLAN],
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.VERBAL,
        given_by_resident=True,
        representative=None,
        actor=acting(social_worker),
    )


def entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("id"))


def test_the_resident_sees_their_own_data(maria: Resident, resident_user: User) -> None:
    decision = authorize(Actor(resident_user), maria, categories=CONTACT, purpose=Purpose.OWN_DATA)
    assert decision.basis == "own_data"
    assert entries()[-1].outcome == "allowed"


def test_a_resident_cannot_read_another_residents_data(
    maria: Resident, other_resident: User
) -> None:
    with pytest.raises(AccessDenied) as denied:
        authorize(Actor(other_resident), maria, categories=CONTACT, purpose=Purpose.OWN_DATA)
    assert denied.value.decision.reason == Denial.NOT_FOUND
    assert entries()[-1].outcome == "denied"


def test_with_consent_the_organisation_sees_what_it_covers_and_nothing_more(
    maria: Resident, social_worker: User, consent_to_social_team: Consent
) -> None:
    actor = acting(social_worker)
    decision = authorize(actor, maria, categories=CONTACT, purpose=COORDINATION)
    assert decision.basis == f"consent:{consent_to_social_team.pk}"
    with pytest.raises(AccessDenied) as notes:
        authorize(actor, maria, categories=[DataCategory.NOTES], purpose=COORDINATION)
    assert notes.value.decision.reason == Denial.CATEGORY_NOT_COVERED
    with pytest.raises(AccessDenied) as other_purpose:
        authorize(actor, maria, categories=CONTACT, purpose=Purpose.CASE_CONFERENCE)
    assert other_purpose.value.decision.reason == Denial.NO_CONSENT
    last = entries()[-1]
    assert (last.outcome, last.reason, last.resident_id) == ("denied", "no_consent", maria.pk)


def test_an_organisation_without_consent_sees_nothing_and_learns_nothing(
    maria: Resident, coach: User, gp: User, consent_to_social_team: Consent
) -> None:
    for professional in (coach, gp):
        with pytest.raises(AccessDenied) as denied:
            authorize_id(acting(professional), maria.pk, categories=CONTACT, purpose=COORDINATION)
        # The same answer as for an id nobody has.
        assert denied.value.decision.reason == Denial.NOT_FOUND
    with pytest.raises(AccessDenied) as missing:
        authorize_id(acting(gp), 999_999, categories=CONTACT, purpose=COORDINATION)
    assert missing.value.decision.reason == Denial.NOT_FOUND
    assert entries()[-1].resident_id == 999_999  # the id that was tried is in the log


def test_roles_without_care_never_read_a_file(
    maria: Resident, editor: User, analyst: User, privacy_officer: User, administrator: User
) -> None:
    for user in (editor, analyst, privacy_officer, administrator):
        decision = decide(acting(user), maria, categories=CONTACT, purpose=COORDINATION)
        assert (decision.allowed, decision.reason) == (False, Denial.NOT_A_CARE_ROLE)


def test_revoking_stops_access_on_the_next_request(
    maria: Resident, resident_user: User, social_worker: User, consent_to_social_team: Consent
) -> None:
    actor = acting(social_worker)
    authorize(actor, maria, categories=CONTACT, purpose=COORDINATION)
    assert services.do_revoke_consent(consent_to_social_team, actor=Actor(resident_user))
    with pytest.raises(AccessDenied) as denied:
        authorize(actor, maria, categories=CONTACT, purpose=COORDINATION)
    assert denied.value.decision.reason == Denial.CONSENT_ENDED
    assert not services.do_revoke_consent(consent_to_social_team, actor=Actor(resident_user))


def test_an_expired_consent_no_longer_counts(
    maria: Resident, social_worker: User, consent_to_social_team: Consent
) -> None:
    consent_to_social_team.ends_at = timezone.now() - datetime.timedelta(seconds=1)
    consent_to_social_team.save()
    decision = decide(acting(social_worker), maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.reason) == (False, Denial.CONSENT_ENDED)


def consent_to_the_care_team(resident_user: User, starts_at: datetime.datetime) -> None:
    """The resident agrees in the portal that whoever is in their care team may coordinate."""
    services.do_record_consent(
        resident_user.resident,
        organization_id=None,
        care_team=True,
        purpose=COORDINATION,
        categories=CONTACT,
        starts_at=starts_at,
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(resident_user),
    )


def test_a_care_team_consent_follows_who_is_in_the_team(
    maria: Resident, resident_user: User, coach: User, welfare: Organization
) -> None:
    consent_to_the_care_team(resident_user, timezone.now() - datetime.timedelta(minutes=1))
    assert not decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION).allowed
    member = CareTeamMember.objects.create(
        resident=maria, organization=welfare, role="welzijnscoach", since=datetime.date(2026, 1, 1)
    )
    assert decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION).allowed
    member.until = timezone.localdate()
    member.save()
    assert not decide(acting(coach), maria, categories=CONTACT, purpose=COORDINATION).allowed


def test_care_team_days_are_dutch_calendar_days_not_utc_days(
    maria: Resident, resident_user: User, coach: User, welfare: Organization
) -> None:
    # 23:30 UTC on 9 March is 00:30 on 10 March in Amsterdam: the member who left the team on
    # 10 March no longer counts, and one who joins that day already does.
    half_past_midnight = datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC)
    consent_to_the_care_team(resident_user, half_past_midnight - datetime.timedelta(days=30))
    member = CareTeamMember.objects.create(
        resident=maria,
        organization=welfare,
        role="welzijnscoach",
        since=datetime.date(2026, 1, 1),
        until=datetime.date(2026, 3, 10),
    )
    asked: dict[str, Any] = {
        "categories": CONTACT,
        "purpose": COORDINATION,
        "moment": half_past_midnight,
    }
    assert not decide(acting(coach), maria, **asked).allowed
    member.since, member.until = datetime.date(2026, 3, 10), None
    member.save()
    assert decide(acting(coach), maria, **asked).allowed


def test_a_user_in_two_organisations_acts_only_with_the_consent_of_the_one_they_act_for(
    maria: Resident,
    two_hats: User,
    social_team: Organization,
    welfare: Organization,
    consent_to_social_team: Consent,
) -> None:
    as_team = acting(two_hats, social_team)
    as_welfare_editor = acting(two_hats, welfare)
    assert decide(as_team, maria, categories=CONTACT, purpose=COORDINATION).allowed
    decision = decide(as_welfare_editor, maria, categories=CONTACT, purpose=COORDINATION)
    assert (decision.allowed, decision.reason) == (False, Denial.NOT_A_CARE_ROLE)
    # A membership of someone else does not count either.
    other = Membership.objects.exclude(user=two_hats).first()
    stolen = decide(Actor(two_hats, other), maria, categories=CONTACT, purpose=COORDINATION)
    assert (stolen.allowed, stolen.reason) == (False, Denial.NO_MEMBERSHIP)


def test_break_glass_opens_for_a_while_with_a_reason_and_is_logged(
    maria: Resident, gp: User, settings
) -> None:
    actor = acting(gp)
    with pytest.raises(services.ConsentError):
        services.do_break_glass(maria, reason="nood", actor=actor)
    access = services.do_break_glass(
        maria, reason="Bewusteloos aangetroffen, medicatie onbekend", actor=actor
    )
    decision = decide(actor, maria, categories=[DataCategory.NOTES], purpose=Purpose.EMERGENCY)
    assert decision.basis == f"break_glass:{access.pk}"
    access.ends_at = timezone.now() - datetime.timedelta(seconds=1)
    access.save()
    assert not decide(actor, maria, categories=CONTACT, purpose=Purpose.EMERGENCY).allowed
    logged = AuditEntry.objects.get(records=[f"break_glass:{access.pk}"])
    assert logged.reason.startswith("Bewusteloos")


@pytest.fixture
def child(maria: Resident) -> Resident:
    return Resident.objects.create(
        given_name="Lieke", family_name="Smeets", date_of_birth=datetime.date(2012, 6, 1)
    )


def test_the_dutch_rules_for_minors(
    child: Resident, maria: Resident, social_worker: User, social_team: Organization
) -> None:
    parent = LegalRepresentative.objects.create(
        resident=child, representative=maria, kind="parent", since=datetime.date(2012, 6, 1)
    )
    record: dict[str, Any] = {
        "organization_id": social_team.pk,
        "care_team": False,
        "purpose": COORDINATION,
        "categories": CONTACT,
        "starts_at": timezone.now(),
        "ends_at": None,
        "method": Consent.Method.VERBAL,
        "actor": acting(social_worker),
    }
    day_at_11 = datetime.date(2024, 1, 1)
    day_at_14 = datetime.date(2026, 11, 1)
    day_at_16 = datetime.date(2028, 7, 1)
    assert services.consent_givers(child, day_at_11).rule == "representative"
    assert services.consent_givers(child, day_at_14).rule == "both"
    assert services.consent_givers(child, day_at_16).rule == "resident"
    # At 14 (today, 2026-11-25): the child alone is not enough, nor the parent alone.
    with pytest.raises(services.ConsentError):
        services.do_record_consent(child, given_by_resident=True, representative=None, **record)
    with pytest.raises(services.ConsentError):
        services.do_record_consent(child, given_by_resident=False, representative=parent, **record)
    consent = services.do_record_consent(
        child, given_by_resident=True, representative=parent, **record
    )
    assert consent.given_by_representative == parent


def test_the_parent_of_a_minor_sees_the_childs_data(
    child: Resident, maria: Resident, resident_user: User, other_resident: User
) -> None:
    LegalRepresentative.objects.create(
        resident=child, representative=maria, kind="parent", since=datetime.date(2012, 6, 1)
    )
    decision = decide(Actor(resident_user), child, categories=CONTACT, purpose=Purpose.OWN_DATA)
    assert decision.basis.startswith("legal_representative:")
    assert not decide(
        Actor(other_resident), child, categories=CONTACT, purpose=Purpose.OWN_DATA
    ).allowed


def test_a_denied_access_is_logged_even_when_the_action_is_rolled_back(
    maria: Resident, gp: User
) -> None:
    from django.db import transaction

    before = AuditEntry.objects.count()
    with pytest.raises(AccessDenied) as denied, transaction.atomic():
        authorize(acting(gp), maria, categories=CONTACT, purpose=COORDINATION)
    assert AuditEntry.objects.count() == before  # rolled back with the action
    denied.value.ensure_logged()  # what the middleware does at the edge
    denied.value.ensure_logged()  # once
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("id").values_list("outcome", flat=True).last() == "denied"


def test_finding_a_resident_needs_what_only_someone_who_knows_them_has(
    maria: Resident, social_worker: User, editor: User
) -> None:
    maria.set_bsn("111222333")
    maria.save()
    actor = acting(social_worker)
    assert services.find_residents(actor, bsn="111222333") == [maria]
    assert services.find_residents(actor, family_name="Smeets") == []  # not enough
    found = services.find_residents(actor, family_name="smeets", date_of_birth=maria.date_of_birth)
    assert found == [maria]
    assert services.find_residents(acting(editor), bsn="111222333") == []
    assert AuditEntry.objects.filter(basis="identification").count() == 2
