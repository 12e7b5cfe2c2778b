from typing import Any

from django.db.models import Q
from django.utils import timezone

from residents.models import CareTeamMember, HouseholdMember, Resident


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
