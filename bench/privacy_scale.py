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
3. Where the time of one `authorize` goes (`--breakdown` pairs, other residents): `decide`,
   `audit.services.record` inside the transaction and the commit, each split into the time in
   `cursor.execute` (round trip and server) and in Python, and the statements each sends.
4. The resident's "who looked at my data" page (`/mijn/inzage/`) through the Django test client,
   for `--pages` residents with an account, and the portal page `/mijn/`.

`--diagnose` instead: a `SELECT 1` round trip, the decision's statement against the consents
alone, a cProfile of 2,000 decisions in one process, and EXPLAIN (ANALYZE, BUFFERS) of every
statement `authorize` sends for each outcome (with auto_explain inside `audit_append`).
Run every generation and measurement under `flock /tmp/bench.lock` on a shared machine.
"""

import argparse
import contextlib
import cProfile
import datetime
import os
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import (  # noqa: E402
    DOMAIN_OF_KIND,
    AccountKind,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from audit import services as audit  # noqa: E402
from audit.models import AuditEntry, DataCategory, Purpose  # noqa: E402
from geo.models import Municipality  # noqa: E402
from geo.services import load_geography  # noqa: E402
from privacy import policy  # noqa: E402
from privacy.policy import AccessDenied, Actor, authorize, decide  # noqa: E402
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


def pairs(count: int, residents: int, seed: int) -> list[tuple[Resident, Actor]]:
    """`count` (resident, actor) pairs: every other one for the organisation that has a consent
    (allowed when the purpose matches), the others for a random organisation (refused)."""
    rng = random.Random(seed)
    actors = [
        Actor(m.user, m)
        for m in Membership.objects.select_related("user", "organization").order_by(
            "organization_id"
        )
    ]
    by_org = {actor.organization.pk: actor for actor in actors if actor.organization}
    organization_ids = sorted(by_org)
    chosen = []
    for attempt in range(count):
        number = rng.randrange(1, residents + 1)
        if attempt % 2 == 0:
            actor = by_org[organization_ids[number % ORGANIZATIONS]]
        else:
            actor = by_org[rng.choice(organization_ids)]
        chosen.append((number, actor))
    loaded = Resident.objects.in_bulk({number for number, _ in chosen})
    return [(loaded[number], actor) for number, actor in chosen]


def decisions(count: int, residents: int, seed: int) -> None:
    allowed: list[float] = []
    refused: list[float] = []
    for resident, actor in pairs(count, residents, seed):
        started = time.perf_counter()
        with transaction.atomic():
            try:
                authorize(
                    actor,
                    resident,
                    categories=[DataCategory.CONTACT_DETAILS],
                    purpose=Purpose.CARE_COORDINATION,
                    records=[f"resident:{resident.pk}"],
                )
                outcome = allowed
            except AccessDenied:
                outcome = refused
        outcome.append(time.perf_counter() - started)
    summary("authorize, allowed (decision + audit entry, commit included)", allowed)
    summary("authorize, refused (decision + audit entry, commit included)", refused)


class SqlClock:
    """An execute wrapper: the time spent in cursor.execute and the statements sent."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.statements += 1


def breakdown(count: int, residents: int, seed: int) -> None:
    """Where the time of `authorize` goes, per outcome: the decision (`decide`, the BEGIN
    included), the audit entry (`record`) inside the transaction, and the commit; for each,
    the time spent in `cursor.execute` (round trip and server), the rest being Python; and the
    statements each sends (BEGIN and COMMIT not counted)."""
    timings: dict[str, list[float]] = defaultdict(list)
    statements: dict[str, set[int]] = defaultdict(set)
    sql = SqlClock()

    with connection.execute_wrapper(sql):
        for resident, actor in pairs(count, residents, seed + 1):
            with transaction.atomic():
                sql.seconds, sql.statements = 0.0, 0
                started = time.perf_counter()
                decision = decide(
                    actor,
                    resident,
                    categories=[DataCategory.CONTACT_DETAILS],
                    purpose=Purpose.CARE_COORDINATION,
                )
                decided = time.perf_counter()
                decide_sql, decide_statements = sql.seconds, sql.statements
                audit.record(
                    actor=actor.user,
                    organization=actor.organization,
                    resident_id=resident.pk,
                    records=[f"resident:{resident.pk}"],
                    categories=[DataCategory.CONTACT_DETAILS],
                    purpose=Purpose.CARE_COORDINATION,
                    action="read",
                    outcome="allowed" if decision.allowed else "denied",
                    basis=decision.basis,
                    reason=decision.reason,
                    channel="page",
                )
                recorded = time.perf_counter()
            committed = time.perf_counter()
            kind = "allowed" if decision.allowed else "refused"
            timings[f"{kind}: decide"].append(decided - started)
            timings[f"{kind}: decide, in cursor.execute"].append(decide_sql)
            timings[f"{kind}: decide, in Python"].append(decided - started - decide_sql)
            timings["record() in the transaction"].append(recorded - decided)
            timings["record(), in cursor.execute"].append(sql.seconds - decide_sql)
            timings["commit"].append(committed - recorded)
            timings[f"{kind}: decide + record + commit"].append(committed - started)
            statements[f"{kind}: decide"].add(decide_statements)
            statements["record()"].add(sql.statements - decide_statements)
    for name, seconds in sorted(timings.items()):
        summary(name, seconds)
    for name, counts in sorted(statements.items()):
        print(f"statements, {name}: {sorted(counts)}", flush=True)


CONSENTS_ONLY_SQL = (
    "SELECT id, organization_id, care_team, purpose, categories, starts_at, ends_at, status, "
    "revoked_at FROM privacy_consent WHERE resident_id = %s "
    "AND ((organization_id = %s AND NOT care_team) OR care_team) ORDER BY id"
)


def diagnose(residents: int, seed: int) -> None:
    """What one decision costs and why: a `SELECT 1` round trip through Django's cursor, a cProfile
    of 2,000 decisions in one process (one transaction, so no BEGIN or commit), and
    EXPLAIN (ANALYZE, BUFFERS) of every statement of an allowed and a refused `authorize`."""
    seconds = []
    with connection.cursor() as cursor:
        for _ in range(2000):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            seconds.append(time.perf_counter() - started)
    summary("round trip, SELECT 1 through Django's cursor", seconds)

    chosen = pairs(2000, residents, seed + 2)
    if hasattr(policy, "_ties"):
        # The one statement of a decision against the consents alone (what it read first before):
        # what the emergency-access and care-team look-ups add when they come along every time.
        ties: list[float] = []
        consents: list[float] = []
        moment = datetime.datetime.now(datetime.UTC)
        with transaction.atomic(), connection.cursor() as cursor:
            for resident, actor in chosen:
                assert actor.user and actor.organization
                started = time.perf_counter()
                policy._ties(resident.pk, actor.organization.pk, actor.user.pk, moment)
                ties.append(time.perf_counter() - started)
                started = time.perf_counter()
                cursor.execute(CONSENTS_ONLY_SQL, [resident.pk, actor.organization.pk])
                cursor.fetchall()
                consents.append(time.perf_counter() - started)
        summary("the decision's statement (consents, emergency access, care team)", ties)
        summary("the consents alone (raw, no rows built)", consents)

    profiler = cProfile.Profile()
    with transaction.atomic():
        started = time.perf_counter()
        profiler.enable()
        for resident, actor in chosen:
            decide(
                actor,
                resident,
                categories=[DataCategory.CONTACT_DETAILS],
                purpose=Purpose.CARE_COORDINATION,
            )
        profiler.disable()
        print(f"2,000 decisions under cProfile: {time.perf_counter() - started:.2f} s", flush=True)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)

    examples: dict[str, tuple[Resident, Actor]] = {}
    for resident, actor in chosen:
        decision = decide(
            actor,
            resident,
            categories=[DataCategory.CONTACT_DETAILS],
            purpose=Purpose.CARE_COORDINATION,
        )
        examples.setdefault(decision.reason or "allowed", (resident, actor))
    for name, (resident, actor) in sorted(examples.items()):
        explain_authorize(name, resident, actor)


def explain_authorize(name: str, resident: Resident, actor: Actor) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement `authorize` sends (planning time included),
    and auto_explain's plans of the statements run inside a function (audit_append), which
    PostgreSQL sends back as notices."""
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        with contextlib.suppress(AccessDenied):
            authorize(
                actor,
                resident,
                categories=[DataCategory.CONTACT_DETAILS],
                purpose=Purpose.CARE_COORDINATION,
                records=[f"resident:{resident.pk}"],
            )
        transaction.set_rollback(True)
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if (q["sql"] or " ").split()[0].upper() in ("SELECT", "INSERT", "WITH")
    ]
    print(f"--- {name}: {len(statements)} statements", flush=True)
    notices: list[str] = []
    raw = connection.connection
    assert raw is not None

    def collect(diagnostic: Any) -> None:
        notices.append(diagnostic.message_primary or "")

    raw.add_notice_handler(collect)
    for sql in statements:
        with transaction.atomic(), connection.cursor() as cursor:
            if "audit_append" in sql:
                for setting in (
                    "LOAD 'auto_explain'",
                    "SET LOCAL auto_explain.log_min_duration = 0",
                    "SET LOCAL auto_explain.log_analyze = on",
                    "SET LOCAL auto_explain.log_buffers = on",
                    "SET LOCAL auto_explain.log_nested_statements = on",
                    "SET LOCAL client_min_messages = log",
                ):
                    cursor.execute(setting)
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n    ".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        print(f"  {' '.join(sql.split())[:400]}\n    {plan}", flush=True)
        for notice in notices:
            print("    nested: " + notice.replace("\n", "\n    "), flush=True)
        notices.clear()
    raw.remove_notice_handler(collect)


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
    parser.add_argument("--breakdown", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument(
        "--diagnose", action="store_true", help="round trip, cProfile and EXPLAIN, then stop"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not Resident.objects.exists():
        generate(args.residents, args.entries, args.seed)
    with connection.cursor() as cursor:
        for table in ("residents_resident", "privacy_consent", "audit_auditentry"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            print(f"{table}: {cursor.fetchone()[0]:,} rows", flush=True)
    if args.diagnose:
        diagnose(args.residents, args.seed)
        return
    decisions(args.decisions, args.residents, args.seed)
    if args.breakdown:
        breakdown(args.breakdown, args.residents, args.seed)
    pages(args.pages, args.seed)


if __name__ == "__main__":
    main()
