"""A resident's (or household's) timeline: referrals, their steps and feedback, and who is
involved, across domains as far as consent allows.

With a consent for care coordination that covers referrals, the organisation sees all the
resident's referrals, whoever sent or received them; with only a consent for referrals, it sees
the referrals it sent or received itself.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import Organization
from audit.models import DataCategory, Purpose
from privacy.policy import (
    AccessDenied,
    Actor,
    Decision,
    Denial,
    authorize_id,
    authorize_many,
    decide,
)
from referrals.models import Referral, ReferralEvent
from referrals.services import resident_referrals
from residents.models import CareTeamMember, Household, HouseholdMember, Resident
from residents.services import care_team_of


@dataclass
class Moment:
    at: datetime.datetime
    referral: Referral
    event: ReferralEvent


@dataclass
class Timeline:
    residents: list[Resident]
    referrals: list[Referral]
    moments: list[Moment]
    care_team: list[CareTeamMember]
    across_domains: bool
    hidden_members: int = 0
    notes: list[str] = field(default_factory=list)


def _wide(actor: Actor, resident: Resident | None) -> bool:
    return decide(
        actor, resident, categories=[DataCategory.REFERRALS], purpose=Purpose.CARE_COORDINATION
    ).allowed


def _visible(
    referrals: list[Referral], organization: Organization | None, wide: bool
) -> list[Referral]:
    if wide:
        return referrals
    return [
        r
        for r in referrals
        if organization is not None
        and organization.pk in (r.requester_organization_id, r.performer_organization_id)
    ]


def _moments(referrals: list[Referral]) -> list[Moment]:
    moments = [Moment(e.at, r, e) for r in referrals for e in r.events.all()]
    return sorted(moments, key=lambda m: (m.at, m.event.pk), reverse=True)


def for_resident(actor: Actor, resident_id: int) -> Timeline:
    wide = _wide(actor, Resident.objects.filter(pk=resident_id).first())
    resident, _decision = authorize_id(
        actor,
        resident_id,
        categories=[DataCategory.REFERRALS],
        purpose=Purpose.CARE_COORDINATION if wide else Purpose.REFERRAL,
        records=[f"resident:{resident_id}"],
    )
    referrals = _visible(list(resident_referrals(resident)), actor.organization, wide)
    return Timeline([resident], referrals, _moments(referrals), care_team_of(resident), wide)


def for_household(actor: Actor, household: Household) -> Timeline:
    """Every current member the organisation may see; the others are counted, not named."""
    members = [
        m.resident
        for m in HouseholdMember.objects.filter(household=household, until__isnull=True)
        .select_related("resident")
        .order_by("since")
    ]
    wide_for = {m.pk for m in members if _wide(actor, m)}
    narrow = [m for m in members if m.pk not in wide_for]
    decisions = {}
    if wide_for:
        decisions.update(
            authorize_many(
                actor,
                [m for m in members if m.pk in wide_for],
                categories=[DataCategory.REFERRALS],
                purpose=Purpose.CARE_COORDINATION,
                records={m.pk: [f"household:{household.pk}"] for m in members},
            )
        )
    if narrow:
        decisions.update(
            authorize_many(
                actor,
                narrow,
                categories=[DataCategory.REFERRALS],
                purpose=Purpose.REFERRAL,
                records={m.pk: [f"household:{household.pk}"] for m in members},
            )
        )
    visible = [m for m in members if decisions[m.pk].allowed]
    if not visible:  # the refusals are logged; answered as if there were no such household
        raise AccessDenied(Decision(False, reason=Denial.NOT_FOUND))
    referrals: list[Referral] = []
    for member in visible:
        referrals += _visible(
            list(resident_referrals(member)), actor.organization, member.pk in wide_for
        )
    referrals.sort(key=lambda r: r.authored_at, reverse=True)
    team = list(
        CareTeamMember.objects.filter(Q(household=household) | Q(resident__in=visible))
        .filter(until__isnull=True)
        .select_related("organization", "professional")
    )
    return Timeline(
        visible,
        referrals,
        _moments(referrals),
        team,
        across_domains=bool(wide_for),
        hidden_members=len(members) - len(visible),
    )
