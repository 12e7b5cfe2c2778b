"""The cast every test shares: one region (Maastricht), its organisations and named people.

A GP with 2FA, a social worker, a household coordinator who also works in a second team, a
provider editor, a policy analyst, a privacy officer, an administrator, and two residents.
"""

import datetime
from collections.abc import Iterator

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.test import Client

from accounts.models import (
    DOMAIN_OF_KIND,
    AccountKind,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from audit.testing import purge_audit_log
from geo.models import Municipality
from geo.services import load_geography
from residents.models import Household, HouseholdMember, Resident

# The browser fixtures (browser, checked_page, new_page) for every journey, in any app.
pytest_plugins = ["tests.browser.fixtures"]

PASSWORD = "a-long-test-password-2026"
TOTP_SECRET = pyotp.random_base32()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real CBS geography once per test database."""
    with django_db_blocker.unblock():
        load_geography()


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> Iterator[None]:
    """Lock-out counters and used TOTP codes live in the (database) cache; no test inherits
    another's. Every test may touch the database because of this, which costs nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_audit_log_after_transactional_tests(request: pytest.FixtureRequest, db: None):
    """The append-only trigger refuses to TRUNCATE a log with entries, which is how Django empties
    the database after a transactional test (live_server included); empty it on purpose first."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "live_server" in request.fixturenames:
        purge_audit_log()


@pytest.fixture
def geography(db: None) -> Municipality:
    """Maastricht; reloads the geography when a transactional test has flushed it."""
    if not Municipality.objects.filter(code="GM0935").exists():
        load_geography()
    return Municipality.objects.get(code="GM0935")


def make_organization(name: str, kind: str, municipality: Municipality) -> Organization:
    return Organization.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind=kind,
        domain=DOMAIN_OF_KIND[kind],
        municipality=municipality,
    )


def make_professional(
    email: str, first_name: str, memberships: list[tuple[Organization, str]], *, totp: bool = True
) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, first_name=first_name, last_name="Test"
    )
    for organization, role in memberships:
        Membership.objects.create(user=user, organization=organization, role=role)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def totp_code() -> str:
    return pyotp.TOTP(TOTP_SECRET).now()


@pytest.fixture
def gp_practice(geography: Municipality) -> Organization:
    return make_organization("Huisartsenpraktijk De Linde", OrganizationKind.GP_PRACTICE, geography)


@pytest.fixture
def social_team(geography: Municipality) -> Organization:
    return make_organization("Sociaal Wijkteam West", OrganizationKind.SOCIAL_TEAM, geography)


@pytest.fixture
def welfare(geography: Municipality) -> Organization:
    return make_organization("Welzijn Maastricht", OrganizationKind.WELFARE, geography)


@pytest.fixture
def municipality_org(geography: Municipality) -> Organization:
    return make_organization("Gemeente Maastricht", OrganizationKind.MUNICIPALITY, geography)


@pytest.fixture
def gp(gp_practice: Organization) -> User:
    return make_professional("gp@example.nl", "Anouk", [(gp_practice, Role.GP)])


@pytest.fixture
def social_worker(social_team: Organization) -> User:
    return make_professional("sw@example.nl", "Sem", [(social_team, Role.SOCIAL_WORKER)])


@pytest.fixture
def two_hats(social_team: Organization, welfare: Organization) -> User:
    """Works as social worker in the team and as provider editor for the welfare organisation."""
    return make_professional(
        "twohats@example.nl",
        "Marloes",
        [(social_team, Role.SOCIAL_WORKER), (welfare, Role.PROVIDER_EDITOR)],
    )


@pytest.fixture
def editor(welfare: Organization) -> User:
    return make_professional("editor@example.nl", "Koen", [(welfare, Role.PROVIDER_EDITOR)])


@pytest.fixture
def analyst(municipality_org: Organization) -> User:
    return make_professional(
        "analyst@example.nl", "Yvonne", [(municipality_org, Role.POLICY_ANALYST)]
    )


@pytest.fixture
def privacy_officer(municipality_org: Organization) -> User:
    return make_professional(
        "privacy@example.nl", "Bart", [(municipality_org, Role.PRIVACY_OFFICER)]
    )


@pytest.fixture
def administrator(municipality_org: Organization) -> User:
    user = make_professional("admin@example.nl", "Lotte", [(municipality_org, Role.ADMINISTRATOR)])
    user.is_staff = True
    user.is_superuser = True
    user.save()
    return user


def make_resident(email: str, given_name: str, family_name: str) -> User:
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        first_name=given_name,
        last_name=family_name,
        kind=AccountKind.RESIDENT,
    )
    Resident.objects.create(
        account=user,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=datetime.date(1958, 4, 2),
        street="Boschstraat",
        house_number="12",
        postcode="6211 AX",
        place="Maastricht",
    )
    return user


@pytest.fixture
def resident_user(geography: Municipality) -> User:
    """Mevrouw Smeets, who lives with her partner."""
    user = make_resident("smeets@example.nl", "Maria", "Smeets")
    partner = Resident.objects.create(
        given_name="Jan",
        family_name="Smeets",
        date_of_birth=datetime.date(1955, 1, 9),
        postcode="6211 AX",
    )
    household = Household.objects.create(name="Huishouden Smeets")
    since = datetime.date(1990, 5, 1)
    HouseholdMember.objects.create(
        household=household, resident=user.resident, relationship="adult", since=since
    )
    HouseholdMember.objects.create(
        household=household, resident=partner, relationship="partner", since=since
    )
    return user


@pytest.fixture
def other_resident(geography: Municipality) -> User:
    return make_resident("peters@example.nl", "Kees", "Peters")


@pytest.fixture
def client_for(client: Client):
    """Log a user in, skipping the login form (the login tests use the form itself)."""

    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login


@pytest.fixture
def clock() -> Iterator[object]:
    """The application's clock (core.clock), frozen at a Wednesday morning and reset afterwards:
    `clock.advance(datetime.timedelta(days=3))` moves it."""
    from core import clock as application_clock

    application_clock.freeze(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC))
    yield application_clock
    application_clock.reset()
