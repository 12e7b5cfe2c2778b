from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import AccountKind, Membership, Organization, OrganizationKind, Role, User
from core.demo import DEMO_PASSWORD
from referrals.models import Referral
from residents.models import Household, Resident

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_seeds_every_kind_of_organisation_and_every_role(geography) -> None:
    output = seed()
    assert set(Organization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(kind=AccountKind.RESIDENT).count() == 1
    assert DEMO_PASSWORD in output
    for user in User.objects.all():
        assert user.email in output
        assert user.check_password(DEMO_PASSWORD)


def test_residents_live_in_real_maastricht_districts(geography) -> None:
    seed()
    assert Household.objects.count() == 30
    assert Resident.objects.count() > 40
    codes = set(Resident.objects.values_list("district__code", flat=True))
    assert codes <= {f"WK09350{n}" for n in range(7)}
    assert len(codes) >= 4


def test_seeding_is_deterministic_and_idempotent(geography) -> None:
    seed()
    first = list(
        Resident.objects.order_by("id").values_list(
            "given_name", "family_name", "date_of_birth", "postcode"
        )
    )
    counts = (Organization.objects.count(), User.objects.count(), Resident.objects.count())

    output = seed()
    assert "already seeded" in output
    assert (Organization.objects.count(), User.objects.count(), Resident.objects.count()) == counts

    Referral.objects.all().delete()  # referrals protect their resident
    Resident.objects.all().delete()
    Household.objects.all().delete()
    Organization.objects.all().delete()
    User.objects.all().delete()
    seed()
    again = list(
        Resident.objects.order_by("id").values_list(
            "given_name", "family_name", "date_of_birth", "postcode"
        )
    )
    assert again == first
