import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import Action, Channel, DataCategory, Outcome, Purpose
from geo.services import district_for_postcode
from privacy.policy import CARE_ROLES, Actor
from residents.models import (
    CareTeamMember,
    Household,
    HouseholdMember,
    LegalRepresentative,
    Resident,
    bsn_digest,
)


def own_resident_record(user: Any) -> tuple[Resident | None, list[HouseholdMember]]:
    """The resident record linked to this account, with the current members of their households."""
    resident = Resident.objects.select_related("district").filter(account=user).first()
    if resident is None:
        return None, []
    return resident, household_members_of(resident)


def household_members_of(resident: Resident) -> list[HouseholdMember]:
    """The current members of the resident's current households (the resident included)."""
    households = HouseholdMember.objects.filter(resident=resident, until__isnull=True).values(
        "household"
    )
    return list(
        HouseholdMember.objects.filter(household__in=households, until__isnull=True)
        .select_related("resident", "household")
        .order_by("household", "since")
    )


def care_team_of(resident: Resident) -> list[CareTeamMember]:
    """Who is involved now, with the resident or with their household."""
    today = timezone.localdate()
    households = HouseholdMember.objects.filter(resident=resident, until__isnull=True).values(
        "household"
    )
    return list(
        CareTeamMember.objects.filter(Q(resident=resident) | Q(household__in=households))
        .filter(since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gt=today))
        .select_related("organization", "professional")
        .order_by("since")
    )


class RegistrationError(Exception):
    """A resident that cannot be registered as asked; the message says why, for the user."""


@transaction.atomic
def do_register_resident(data: dict[str, Any], *, actor: Actor) -> Resident:
    """A professional registers a resident who asks for help: the record, the district from the
    postcode, the BSN encrypted, and their organisation in the care team from today."""
    membership = actor.membership
    if actor.user is None or membership is None or membership.role not in CARE_ROLES:
        raise RegistrationError(_("Only a professional in a care role can register a resident."))
    bsn = data.get("bsn", "")
    if bsn and Resident.objects.filter(bsn_digest=bsn_digest(bsn)).exists():
        raise RegistrationError(
            _("A resident with this BSN is already registered. Find them by their BSN.")
        )
    resident = Resident(
        **{k: data.get(k, "") for k in REGISTRATION_FIELDS},
        date_of_birth=data["date_of_birth"],
        district=district_for_postcode(data["postcode"]) if data.get("postcode") else None,
    )
    resident.set_bsn(bsn)
    resident.save()
    CareTeamMember.objects.create(
        resident=resident,
        organization=membership.organization,
        professional=actor.user,
        role=membership.get_role_display(),
        since=timezone.localdate(),
    )
    _log(actor, resident, Action.CREATE, "registration")
    return resident


REGISTRATION_FIELDS = (
    "given_name",
    "family_name_prefix",
    "family_name",
    "email",
    "phone",
    "street",
    "house_number",
    "postcode",
    "place",
)


@transaction.atomic
def do_join_care_team(resident: Resident, *, role: str, actor: Actor) -> CareTeamMember:
    """The acting organisation (and professional) is involved from today. Needs consent: the
    caller has authorised the care-coordination access first."""
    membership = actor.membership
    if actor.user is None or membership is None or membership.role not in CARE_ROLES:
        raise RegistrationError(_("Only a professional in a care role can join a care team."))
    member = CareTeamMember.objects.create(
        resident=resident,
        organization=membership.organization,
        professional=actor.user,
        role=role.strip() or membership.get_role_display(),
        since=timezone.localdate(),
    )
    _log(actor, resident, Action.CREATE, "care_team")
    return member


@transaction.atomic
def do_leave_care_team(member: CareTeamMember, *, actor: Actor) -> None:
    """The organisation is no longer involved from today (history stays)."""
    member.until = timezone.localdate()
    member.save(update_fields=["until"])
    if member.resident is not None:
        _log(actor, member.resident, Action.UPDATE, "care_team")


def _log(actor: Actor, resident: Resident, action: str, what: str) -> None:
    audit.record(
        actor=actor.user,
        organization=actor.organization,
        resident_id=resident.pk,
        records=[f"resident:{resident.pk}"],
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=Purpose.CARE_COORDINATION,
        action=action,
        outcome=Outcome.ALLOWED,
        basis=what,
        reason="",
        channel=Channel.PAGE,
    )


@transaction.atomic
def do_add_representative(
    resident: Resident,
    *,
    kind: str,
    name: str,
    representative_bsn: str,
    since: datetime.date,
    actor: Actor,
) -> LegalRepresentative:
    """Record a parent with authority, guardian or mentor. With their BSN the representative is
    linked to their own record, so they can act for the resident in the portal."""
    representative = None
    if representative_bsn:
        representative = Resident.objects.filter(bsn_digest=bsn_digest(representative_bsn)).first()
        if representative is None:
            raise RegistrationError(_("Nobody with this BSN is registered; leave it empty."))
        if representative.pk == resident.pk:
            raise RegistrationError(_("A resident cannot be their own representative."))
    if representative is None and not name.strip():
        raise RegistrationError(_("Fill in the name or the BSN of the representative."))
    added = LegalRepresentative.objects.create(
        resident=resident,
        representative=representative,
        name="" if representative else name.strip(),
        kind=kind,
        since=since,
    )
    _log(actor, resident, Action.UPDATE, "legal_representative")
    return added


def representatives_of(
    resident: Resident, day: datetime.date | None = None
) -> list[LegalRepresentative]:
    """The resident's legal representatives on this day (today by default)."""
    day = day or timezone.localdate()
    return list(
        LegalRepresentative.objects.filter(resident=resident, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gt=day))
        .select_related("representative")
    )


def represented_by(representative: Resident) -> list[Resident]:
    """The residents this resident is a current legal representative of."""
    today = timezone.localdate()
    return [
        link.resident
        for link in LegalRepresentative.objects.filter(
            representative=representative, since__lte=today
        )
        .filter(Q(until__isnull=True) | Q(until__gt=today))
        .select_related("resident")
    ]


@transaction.atomic
def do_add_household_member(
    resident: Resident,
    member: Resident,
    *,
    relationship: str,
    since: datetime.date,
    actor: Actor,
) -> HouseholdMember:
    """`member` lives with `resident` from `since`: in the resident's current household, or in a
    new one when there is none. The caller has authorised the change for both."""
    if member.pk == resident.pk:
        raise RegistrationError(_("Choose another person than the resident."))
    current = HouseholdMember.objects.filter(resident=resident, until__isnull=True).first()
    if current is None:
        household = Household.objects.create(name=f"Huishouden {resident.family_name}")
        current = HouseholdMember.objects.create(
            household=household, resident=resident, relationship="adult", since=since
        )
    if HouseholdMember.objects.filter(
        household=current.household, resident=member, until__isnull=True
    ).exists():
        raise RegistrationError(_("This person already lives in the household."))
    added = HouseholdMember.objects.create(
        household=current.household, resident=member, relationship=relationship, since=since
    )
    _log(actor, resident, Action.UPDATE, "household")
    _log(actor, member, Action.UPDATE, "household")
    return added


@transaction.atomic
def do_end_household_membership(membership: HouseholdMember, *, actor: Actor) -> None:
    """Moved out (or passed away): the membership ends today; the history stays."""
    membership.until = timezone.localdate()
    membership.save(update_fields=["until"])
    _log(actor, membership.resident, Action.UPDATE, "household")


def household_history_of(resident: Resident) -> list[HouseholdMember]:
    """Everyone who lived in the resident's households, with since and until (ended included)."""
    households = HouseholdMember.objects.filter(resident=resident).values("household")
    return list(
        HouseholdMember.objects.filter(household__in=households, until__isnull=False)
        .select_related("resident", "household")
        .order_by("-until")
    )
