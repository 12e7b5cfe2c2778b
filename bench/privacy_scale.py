"""Residents in control at scale: 1 million residents, 2 million consents, 20 million audit entries.

    createdb -h 127.0.0.1 -U postgres ontschot_privacy_bench
    export ONTSCHOT_ENV=development \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/ontschot_privacy_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py createcachetable
    .venv/bin/python bench/privacy_scale.py --residents 1000000 --entries 20000000

1. Generate (skipped when residents exist): the geography, 200 care organisations with one
   professional each, `--residents` residents (COPY), two consents per resident to organisations
   (`organisation = resident % 200` and `(resident * 7) % 200`; one in ten to the care team, with
   a care-team row), and the access log through bench/audit_chain.py's generator.
2. `privacy.policy.authorize` (the decision plus its audit entry, inside a transaction, as a view
   or service calls it) `--decisions` times: half for a professional whose organisation has
   consent (allowed), half for a random organisation (refused: the longest path).
3. The resident's "who looked at my data" page (`/mijn/inzage/`) through the Django test client,
   for `--pages` residents with an account, and the portal page `/mijn/`.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontschot.settings")

import django  # noqa: E402

django.setup()

from audit_chain import generate as generate_audit_log  # noqa: E402
from audit_chain import summary  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import (  # noqa: E402
    DOMAIN_OF_KIND,
    AccountKind,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from audit.models import AuditEntry, DataCategory, Purpose  # noqa: E402
from geo.models import Municipality  # noqa: E402
from geo.services import load_geography  # noqa: E402
from privacy.policy import AccessDenied, Actor, authorize  # noqa: E402
from residents.models import Resident  # noqa: E402

ORGANIZATIONS = 200
KINDS = [OrganizationKind.GP_PRACTICE, OrganizationKind.SOCIAL_TEAM, OrganizationKind.WELFARE]
ROLE_OF_KIND = {
    OrganizationKind.GP_PRACTICE: Role.GP,
    OrganizationKind.SOCIAL_TEAM: Role.SOCIAL_WORKER,
    OrganizationKind.WELFARE: Role.WELLBEING_COACH,
}


def copy_rows(table: str, columns: list[str], rows: object) -> None:
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:  # type: ignore[attr-defined]
            copy.write_row(row)


def generate(residents: int, entries: int, seed: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    if not Municipality.objects.exists():
        load_geography()
    municipality = Municipality.objects.order_by("code")[0]
    organizations = []
    for number in range(ORGANIZATIONS):
        kind = KINDS[number % len(KINDS)]
        organization = Organization.objects.create(
            name=f"Organisatie {number}",
            slug=f"organisatie-{number}",
            kind=kind,
            domain=DOMAIN_OF_KIND[kind],
            municipality=municipality,
        )
        user = User.objects.create_user(
            email=f"prof{number}@bench.example", password=None, first_name="Prof"
        )
        Membership.objects.create(user=user, organization=organization, role=ROLE_OF_KIND[kind])
        organizations.append(organization)
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        copy_rows(
            "residents_resident",
            [
                "id",
                "given_name",
                "family_name_prefix",
                "family_name",
                "date_of_birth",
                "email",
                "phone",
                "street",
                "house_number",
                "postcode",
                "place",
                "bsn_encrypted",
                "bsn_digest",
                "bsn_last_digits",
                "created_at",
            ],
            (
                (
                    n,
                    "Inwoner",
                    "",
                    f"Nummer{n}",
                    datetime.date(1940 + n % 60, 1 + n % 12, 1),
                    "",
                    "",
                    "Straat",
                    str(n % 200),
                    "6211 AB",
                    "Maastricht",
                    "",
                    "",
                    "",
                    now,
                )
                for n in range(1, residents + 1)
            ),
        )
        first_user = organizations[0].memberships.first().user_id  # type: ignore[union-attr]
        consent_columns = [
            "resident_id",
            "organization_id",
            "care_team",
            "purpose",
            "categories",
            "starts_at",
            "status",
            "method",
            "given_by_resident",
            "recorded_by_id",
            "recorded_at",
        ]
        copy_rows(
            "privacy_consent",
            consent_columns,
            (
                (
                    n,
                    None if care_team else organizations[org].pk,
                    care_team,
                    rng.choice([Purpose.CARE_COORDINATION, Purpose.REFERRAL]),
                    '["contact_details", "plan", "referrals"]',
                    now - datetime.timedelta(days=30),
                    "active",
                    "portal",
                    True,
                    first_user,
                    now - datetime.timedelta(days=30),
                )
                for n in range(1, residents + 1)
                for org, care_team in (
                    (n % ORGANIZATIONS, False),
                    ((n * 7) % ORGANIZATIONS, n % 10 == 0),
                )
            ),
        )
        copy_rows(
            "residents_careteammember",
            ["resident_id", "organization_id", "role", "since"],
            (
                (
                    n,
                    organizations[(n * 7) % ORGANIZATIONS].pk,
                    "betrokken",
                    datetime.date(2025, 1, 1),
                )
                for n in range(10, residents + 1, 10)
            ),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('residents_resident', 'id'), %s)", [residents]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"residents, consents, care team: {time.perf_counter() - started:.0f} s", flush=True)
    if not AuditEntry.objects.exists():
        generate_audit_log(entries, residents, seed)


def decisions(count: int, residents: int, seed: int) -> None:
    rng = random.Random(seed)
    actors = [
        Actor(m.user, m)
        for m in Membership.objects.select_related("user", "organization").order_by(
            "organization_id"
        )
    ]
    by_org = {actor.organization.pk: actor for actor in actors if actor.organization}
    organization_ids = sorted(by_org)
    allowed: list[float] = []
    refused: list[float] = []
    for attempt in range(count):
        number = rng.randrange(1, residents + 1)
        resident = Resident.objects.get(pk=number)
        if attempt % 2 == 0:
            actor = by_org[organization_ids[number % ORGANIZATIONS]]
        else:
            actor = by_org[rng.choice(organization_ids)]
        started = time.perf_counter()
        with transaction.atomic():
            try:
                authorize(
                    actor,
                    resident,
                    categories=[DataCategory.CONTACT_DETAILS],
                    purpose=Purpose.CARE_COORDINATION,
                    records=[f"resident:{number}"],
                )
                outcome = allowed
            except AccessDenied:
                outcome = refused
        outcome.append(time.perf_counter() - started)
    summary("authorize, allowed (decision + audit entry, commit included)", allowed)
    summary("authorize, refused (decision + audit entry, commit included)", refused)


def pages(count: int, seed: int) -> None:
    rng = random.Random(seed)
    chosen = rng.sample(range(1, 200_001), count)
    for number in chosen:
        user = User.objects.filter(email=f"inwoner{number}@bench.example").first()
        if user is None:
            user = User.objects.create_user(
                email=f"inwoner{number}@bench.example", password=None, kind=AccountKind.RESIDENT
            )
            Resident.objects.filter(pk=number).update(account=user)
    client = Client()
    timings: dict[str, list[float]] = {"/mijn/inzage/": [], "/mijn/": []}
    for number in chosen:
        client.force_login(User.objects.get(email=f"inwoner{number}@bench.example"))
        for path, seconds in timings.items():
            started = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
    for path, seconds in timings.items():
        summary(f"GET {path} (render, test client)", seconds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=20_000_000)
    parser.add_argument("--decisions", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not Resident.objects.exists():
        generate(args.residents, args.entries, args.seed)
    with connection.cursor() as cursor:
        for table in ("residents_resident", "privacy_consent", "audit_auditentry"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            print(f"{table}: {cursor.fetchone()[0]:,} rows", flush=True)
    decisions(args.decisions, args.residents, args.seed)
    pages(args.pages, args.seed)


if __name__ == "__main__":
    main()
