"""The deterministic demo region: Maastricht with its real CBS districts.

Everything here is invented except the geography. Names come from Faker (nl_NL) with a fixed seed,
so every run builds the same region.
"""

import datetime
import random
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from accounts.models import (
    DOMAIN_OF_KIND,
    AccountKind,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from audit.models import DataCategory, Purpose
from directory.demo import seed_directory
from geo.models import Municipality, PostcodeArea
from geo.services import load_geography
from privacy.models import Consent
from privacy.policy import Actor
from privacy.services import do_record_consent
from referrals.demo import seed_referrals
from residents.models import CareTeamMember, Household, HouseholdMember, Resident

DEMO_PASSWORD = "demo-ontschot-2026"  # noqa: S105 - printed on purpose: it is the demo
DEMO_TOTP_SECRET = "ONTSCHOTDEMOHUISARTSTWEEFACTORAB"  # noqa: S105 - base32, printed for the demo GP
MUNICIPALITY_CODE = "GM0935"
SEED = 2026

ORGANIZATIONS: list[tuple[str, str, str, str]] = [
    # name, kind, phone, e-mail
    (
        "Huisartsenpraktijk Mariaberg",
        OrganizationKind.GP_PRACTICE,
        "043 350 12 00",
        "praktijk@mariaberg.example",
    ),
    (
        "Gezondheidscentrum Wittevrouwenveld",
        OrganizationKind.GP_PRACTICE,
        "043 362 40 40",
        "info@gc-wittevrouwenveld.example",
    ),
    (
        "Wijkverpleging Maastricht-Oost",
        OrganizationKind.DISTRICT_NURSING,
        "043 325 77 10",
        "wijkverpleging@oost.example",
    ),
    (
        "GGZ Polikliniek Zuid-Limburg",
        OrganizationKind.MENTAL_HEALTH,
        "043 604 55 55",
        "aanmelden@ggz-zl.example",
    ),
    (
        "Ziekenhuis Maastricht-Heuvelland",
        OrganizationKind.HOSPITAL,
        "043 387 00 00",
        "transferpunt@zmh.example",
    ),
    (
        "Sociaal Wijkteam West",
        OrganizationKind.SOCIAL_TEAM,
        "043 350 44 00",
        "wijkteamwest@maastricht.example",
    ),
    (
        "Sociaal Wijkteam Oost",
        OrganizationKind.SOCIAL_TEAM,
        "043 350 44 10",
        "wijkteamoost@maastricht.example",
    ),
    (
        "Welzijn Maastricht",
        OrganizationKind.WELFARE,
        "043 321 80 80",
        "welzijnoprecept@welzijn-maastricht.example",
    ),
    (
        "Schuldhulp Maastricht",
        OrganizationKind.DEBT_HELP,
        "043 350 60 60",
        "schuldhulp@maastricht.example",
    ),
    (
        "Jeugdhulp Zuid",
        OrganizationKind.YOUTH_CARE,
        "043 410 20 20",
        "aanmelden@jeugdhulpzuid.example",
    ),
    (
        "Buurtcentrum De Romein",
        OrganizationKind.COMMUNITY_INITIATIVE,
        "043 363 11 11",
        "hallo@deromein.example",
    ),
    (
        "Repair Café Malberg",
        OrganizationKind.COMMUNITY_INITIATIVE,
        "",
        "repaircafe.malberg@example.org",
    ),
    (
        "Gemeente Maastricht",
        OrganizationKind.MUNICIPALITY,
        "14 043",
        "sociaal-domein@maastricht.example",
    ),
    (
        "Zorgverzekeraar Zuid",
        OrganizationKind.HEALTH_INSURER,
        "043 800 90 00",
        "regio@zorgverzekeraarzuid.example",
    ),
    (
        "Zorgkantoor Zuid-Limburg",
        OrganizationKind.CARE_OFFICE,
        "043 800 91 00",
        "zorgkantoor@example.org",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str, str], ...]  # organisation name, role, job title
    kind: str = AccountKind.PROFESSIONAL
    totp: bool = False
    staff: bool = False


PROFESSIONALS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "huisarts@demo.ontschot.nl",
        "Anouk",
        "Janssen",
        (("Huisartsenpraktijk Mariaberg", Role.GP, "huisarts"),),
        totp=True,
    ),
    DemoLogin(
        "poh@demo.ontschot.nl",
        "Ruud",
        "Houben",
        (("Huisartsenpraktijk Mariaberg", Role.PRACTICE_NURSE, "POH-GGZ"),),
    ),
    DemoLogin(
        "wijkverpleegkundige@demo.ontschot.nl",
        "Ilse",
        "Ramakers",
        (("Wijkverpleging Maastricht-Oost", Role.DISTRICT_NURSE, "wijkverpleegkundige"),),
    ),
    DemoLogin(
        "wijkteam@demo.ontschot.nl",
        "Sem",
        "Vliegen",
        (("Sociaal Wijkteam West", Role.SOCIAL_WORKER, "maatschappelijk werker"),),
    ),
    DemoLogin(
        "welzijnscoach@demo.ontschot.nl",
        "Fatima",
        "El Amrani",
        (("Welzijn Maastricht", Role.WELLBEING_COACH, "welzijnscoach"),),
    ),
    DemoLogin(
        "gezinsregisseur@demo.ontschot.nl",
        "Marloes",
        "Lemmens",
        (
            ("Sociaal Wijkteam Oost", Role.HOUSEHOLD_COORDINATOR, "gezinsregisseur"),
            ("Sociaal Wijkteam West", Role.SOCIAL_WORKER, "maatschappelijk werker"),
        ),
    ),
    DemoLogin(
        "redacteur@demo.ontschot.nl",
        "Koen",
        "Dassen",
        (("Welzijn Maastricht", Role.PROVIDER_EDITOR, "communicatie"),),
    ),
    DemoLogin(
        "beleid@demo.ontschot.nl",
        "Yvonne",
        "Willems",
        (("Gemeente Maastricht", Role.POLICY_ANALYST, "beleidsadviseur"),),
    ),
    DemoLogin(
        "privacy@demo.ontschot.nl",
        "Bart",
        "Coenen",
        (("Gemeente Maastricht", Role.PRIVACY_OFFICER, "functionaris gegevensbescherming"),),
    ),
    DemoLogin(
        "beheer@demo.ontschot.nl",
        "Lotte",
        "Frijns",
        (("Gemeente Maastricht", Role.ADMINISTRATOR, "applicatiebeheerder"),),
        staff=True,
    ),
)

RESIDENT_LOGIN = DemoLogin("inwoner@demo.ontschot.nl", "", "", (), kind=AccountKind.RESIDENT)


@dataclass
class SeedReport:
    created: bool
    logins: list[tuple[str, str, str]]  # e-mail, what, note
    residents: int
    households: int


def seed_demo_region() -> SeedReport:
    """Build the demo region once; later runs only reset the demo passwords."""
    if not Municipality.objects.filter(code=MUNICIPALITY_CODE).exists():
        load_geography()
    with transaction.atomic():
        created = not Organization.objects.filter(slug="gemeente-maastricht").exists()
        organizations = _organizations()
        logins = [_professional(login, organizations) for login in PROFESSIONALS]
        if created:
            _residents_and_households()
            seed_directory(organizations)
        logins.append(_resident_login())
        if created:
            _demo_consents(organizations)
            seed_referrals(organizations)
    return SeedReport(
        created=created,
        logins=logins,
        residents=Resident.objects.count(),
        households=Household.objects.count(),
    )


def _organizations() -> dict[str, Organization]:
    municipality = Municipality.objects.get(code=MUNICIPALITY_CODE)
    result = {}
    for name, kind, phone, email in ORGANIZATIONS:
        organization, _created = Organization.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "domain": DOMAIN_OF_KIND[kind],
                "municipality": municipality,
                "phone": phone,
                "email": email,
            },
        )
        result[name] = organization
    return result


def _user(login: DemoLogin, first_name: str, last_name: str) -> User:
    user, _created = User.objects.get_or_create(
        email=login.email,
        defaults={"first_name": first_name, "last_name": last_name, "kind": login.kind},
    )
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.is_staff = login.staff
    user.is_superuser = login.staff
    user.save()
    return user


def _professional(login: DemoLogin, organizations: dict[str, Organization]) -> tuple[str, str, str]:
    user = _user(login, login.first_name, login.last_name)
    for org_name, role, job_title in login.memberships:
        Membership.objects.get_or_create(
            user=user,
            organization=organizations[org_name],
            role=role,
            defaults={"job_title": job_title},
        )
    note = ""
    if login.totp:
        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        note = f"TOTP secret {DEMO_TOTP_SECRET}"
    roles = ", ".join(str(Role(role).label) for _org, role, _title in login.memberships)
    return login.email, roles, note


def _resident_login() -> tuple[str, str, str]:
    resident = Resident.objects.filter(account__isnull=True).order_by("id").first()
    existing = Resident.objects.filter(account__email=RESIDENT_LOGIN.email).first()
    resident = existing or resident
    assert resident is not None, "seed residents first"
    user = _user(RESIDENT_LOGIN, resident.given_name, resident.family_name)
    if resident.account_id != user.pk:
        resident.account = user
        resident.email = user.email
        resident.save(update_fields=["account", "email"])
    note = (
        f"{resident.full_name}, BSN {DEMO_BSN}: consent for the social team and the GP, not welfare"
    )
    return user.email, "inwoner (resident)", note


DEMO_BSN = "111222333"  # passes the 11-test; not a real person's number


def _demo_consents(organizations: dict[str, Organization]) -> None:
    """The demo resident consented to the social team and the GP practice, not to welfare.

    Sociaal Wijkteam West: contact details and plan, for care coordination. Huisartsenpraktijk
    Mariaberg: contact details and referrals, for referrals. Welzijn Maastricht: nothing, so the
    wellbeing coach finds her by BSN but sees no file until she consents.
    """
    resident = Resident.objects.select_related("account").get(account__email=RESIDENT_LOGIN.email)
    resident.set_bsn(DEMO_BSN)
    resident.save(update_fields=["bsn_encrypted", "bsn_digest", "bsn_last_digits"])
    since = datetime.date(2026, 9, 1)
    team = organizations["Sociaal Wijkteam West"]
    practice = organizations["Huisartsenpraktijk Mariaberg"]
    CareTeamMember.objects.create(
        resident=resident, organization=practice, role="huisarts", since=since
    )
    CareTeamMember.objects.create(
        resident=resident, organization=team, role="maatschappelijk werker", since=since
    )
    grants = [
        (team, Purpose.CARE_COORDINATION, [DataCategory.CONTACT_DETAILS, DataCategory.PLAN]),
        (practice, Purpose.REFERRAL, [DataCategory.CONTACT_DETAILS, DataCategory.REFERRALS]),
    ]
    for organization, purpose, categories in grants:
        do_record_consent(
            resident,
            organization_id=organization.pk,
            care_team=False,
            purpose=purpose,
            categories=categories,
            starts_at=timezone.now(),
            ends_at=None,
            method=Consent.Method.PORTAL,
            given_by_resident=True,
            representative=None,
            actor=Actor(resident.account),
        )


def _residents_and_households(household_count: int = 30) -> None:
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    areas = list(
        PostcodeArea.objects.filter(municipality__code=MUNICIPALITY_CODE).select_related("district")
    )
    today = datetime.date(2026, 1, 1)
    for _index in range(household_count):
        area = rng.choice(areas)
        family_name = fake.last_name()
        street = fake.street_name()
        number = str(rng.randint(1, 180))
        postcode = f"{area.pc4} {fake.random_uppercase_letter()}{fake.random_uppercase_letter()}"
        household = Household.objects.create(name=f"Huishouden {family_name}")

        def add(
            given: str,
            family: str,
            age: int,
            relationship: str,
            area=area,
            street=street,
            number=number,
            postcode=postcode,
            household=household,
        ) -> None:
            born = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
            resident = Resident.objects.create(
                given_name=given,
                family_name=family,
                date_of_birth=born,
                phone=fake.phone_number() if age >= 16 else "",
                street=street,
                house_number=number,
                postcode=postcode,
                place="Maastricht",
                district=area.district,
            )
            HouseholdMember.objects.create(
                household=household,
                resident=resident,
                relationship=relationship,
                since=today - datetime.timedelta(days=rng.randint(200, 4000)),
            )

        shape = rng.choice(["single_older", "couple", "family", "single_parent", "single"])
        if shape == "single_older":
            add(
                fake.first_name(),
                family_name,
                rng.randint(72, 92),
                HouseholdMember.Relationship.ADULT,
            )
        elif shape == "single":
            add(
                fake.first_name(),
                family_name,
                rng.randint(22, 60),
                HouseholdMember.Relationship.ADULT,
            )
        else:
            add(
                fake.first_name(),
                family_name,
                rng.randint(28, 70),
                HouseholdMember.Relationship.ADULT,
            )
            if shape in {"couple", "family"}:
                add(
                    fake.first_name(),
                    fake.last_name() if rng.random() < 0.3 else family_name,
                    rng.randint(28, 70),
                    HouseholdMember.Relationship.PARTNER,
                )
            if shape in {"family", "single_parent"}:
                for _child in range(rng.randint(1, 3)):
                    add(
                        fake.first_name(),
                        family_name,
                        rng.randint(0, 17),
                        HouseholdMember.Relationship.CHILD,
                    )
