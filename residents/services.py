from typing import Any

from residents.models import HouseholdMember, Resident


def own_resident_record(user: Any) -> tuple[Resident | None, list[HouseholdMember]]:
    """The resident record linked to this account, with the current members of their households."""
    resident = Resident.objects.select_related("district").filter(account=user).first()
    if resident is None:
        return None, []
    households = HouseholdMember.objects.filter(resident=resident, until__isnull=True).values(
        "household"
    )
    members = list(
        HouseholdMember.objects.filter(household__in=households, until__isnull=True)
        .select_related("resident", "household")
        .order_by("household", "since")
    )
    return resident, members
