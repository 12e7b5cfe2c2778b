"""Who works on referrals in an organisation: its active professionals in a care role."""

from django.db.models import QuerySet

from accounts.models import Organization, User
from privacy.policy import CARE_ROLES


def care_colleagues(organization: Organization) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__is_active=True,
            memberships__role__in=CARE_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )
