"""The access log at scale: 20 million chained entries; verification, writes and the portal query.

    createdb -h 127.0.0.1 -U postgres ontschot_audit_bench
    export ONTSCHOT_ENV=development \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/ontschot_audit_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/audit_chain.py --entries 20000000 --residents 1000000

1. Generate (skipped with --skip-generate, or when the log is not empty): `--entries` entries over
   `--residents` residents and two years, chained with audit.chain (the same code as
   audit.services.record) and loaded with one `COPY … FREEZE` (the resident index is dropped
   during the load and rebuilt after it). The mix: professionals of 2,000 organisations reading
   and writing for referral, care coordination, case conferences and outcome measurement; 12 %
   residents reading their own data; 3 % denials; 0.2 % break-glass; 1 % system tasks.
2. `manage.py verify_audit_log` over the whole log, twice (entries/s as the command reports).
3. `audit.services.record` `--writes` times on the full table: each in its own transaction
   (commit included) and inside an open transaction (as the policy decision point calls it).
4. `audit.services.accesses_of` for `--reads` random residents, first page and second page.
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontschot.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import AccountKind, Organization, User  # noqa: E402
from audit import services  # noqa: E402
from audit.chain import CHAINED_COLUMNS, GENESIS, canonical_line, line_hash  # noqa: E402
from audit.models import AuditEntry  # noqa: E402

TABLE = AuditEntry._meta.db_table
INDEX = "audit_resident_at_idx"
PURPOSES = [
    ("referral", 30),
    ("care_coordination", 40),
    ("case_conference", 10),
    ("outcome_measurement", 15),
    ("administration", 5),
]
CATEGORY_SETS = [
    ["contact_details"],
    ["referrals"],
    ["contact_details", "referrals"],
    ["plan"],
    ["plan", "notes"],
    ["assessments"],
    ["contact_details", "referrals", "plan"],
]
RECORD_KINDS = ["referral", "plan", "assessment", "note", "household"]
FIRST = ["Anouk", "Sem", "Marloes", "Koen", "Yvonne", "Bart", "Lotte", "Fatima", "Jeroen", "Noor"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smeets", "Peters", "El Amrani", "Hendriks"]
DENIALS = ["no_consent", "consent_revoked", "category_not_covered", "no_membership"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(name: str, seconds: list[float]) -> None:
    if not seconds:
        return
    ms = [s * 1000 for s in seconds]
    print(
        f"{name}: n={len(ms):,} p50 {percentile(ms, 0.50):.2f} ms, p95 {percentile(ms, 0.95):.2f} ms,"
        f" p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms, mean {statistics.mean(ms):.2f} ms",
        flush=True,
    )


def generate(entries: int, residents: int, seed: int) -> None:
    rng = random.Random(seed)
    organizations = [
        (n, f"{rng.choice(['Huisartsenpraktijk', 'Sociaal Wijkteam', 'Welzijn', 'Thuiszorg'])} {n}")
        for n in range(1, 2001)
    ]
    professionals = [
        (n, f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(organizations))
        for n in range(1, 20001)
    ]
    start = datetime.datetime(2024, 11, 25, tzinfo=datetime.UTC)
    step_us = int(2 * 365 * 86400 * 1e6 / entries)
    at = start
    prev = GENESIS
    purposes = [p for p, weight in PURPOSES for _ in range(weight)]
    columns = ", ".join([*CHAINED_COLUMNS, "hash"])
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"TRUNCATE {TABLE}")  # allowed: the log is empty; makes FREEZE possible
        with cursor.cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN (FREEZE)") as copy:
            batch: list[str] = []
            for entry_id in range(1, entries + 1):
                at += datetime.timedelta(microseconds=rng.randrange(1, 2 * step_us))
                resident = rng.randrange(1, residents + 1)
                roll = rng.random()
                records = [f"{rng.choice(RECORD_KINDS)}:{rng.randrange(1, 5_000_000)}"]
                categories = rng.choice(CATEGORY_SETS)
                action, outcome, reason = "read", "allowed", ""
                actor: tuple[int | None, str]
                org: tuple[int | None, str]
                if roll < 0.12:  # the resident looks at their own data
                    actor = (1_000_000 + resident, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
                    kind, org, purpose, basis = "resident", (None, ""), "own_data", "own_data"
                    categories = ["audit"] if rng.random() < 0.3 else categories
                elif roll < 0.13:  # a system task (retention, reminders)
                    actor, kind, org = (None, ""), "system", (None, "")
                    purpose, basis, action = "administration", "retention", "delete"
                else:
                    number, name, (org_id, org_name) = rng.choice(professionals)
                    org = (org_id, org_name)
                    actor, kind, purpose = (number, name), "professional", rng.choice(purposes)
                    basis = f"consent:{rng.randrange(1, 2_000_000)}"
                    if rng.random() < 0.15:
                        action = rng.choice(["create", "update", "export"])
                    if roll > 0.97:
                        outcome, basis, reason = "denied", "", rng.choice(DENIALS)
                    elif roll > 0.968:
                        purpose, basis = "emergency", f"break_glass:{rng.randrange(1, 50_000)}"
                        reason = "Inwoner niet aanspreekbaar, mogelijk\tacuut; huisarts belt 112"
                values = [
                    entry_id,
                    at,
                    actor[0],
                    actor[1],
                    kind,
                    org[0],
                    org[1],
                    resident,
                    records,
                    categories,
                    purpose,
                    action,
                    outcome,
                    basis,
                    reason,
                    rng.choice(["page", "page", "page", "api", "fhir"]),
                    prev,
                ]
                line = canonical_line(values)
                prev = line_hash(line.encode())
                batch.append(f"{line}\t{prev}\n")
                if len(batch) == 20000:
                    copy.write("".join(batch))
                    batch = []
                    if entry_id % 1_000_000 == 0:
                        rate = entry_id / (time.perf_counter() - started)
                        print(f"  {entry_id:,} entries, {rate:,.0f}/s", flush=True)
            copy.write("".join(batch))
        loaded = time.perf_counter()
        cursor.execute(f"CREATE INDEX {INDEX} ON {TABLE} (resident_id, at DESC, id DESC)")
        indexed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"SELECT pg_size_pretty(pg_total_relation_size('{TABLE}'))")
        size = cursor.fetchone()[0]
    print(
        f"generated {entries:,} entries in {loaded - started:.0f} s "
        f"({entries / (loaded - started):,.0f}/s), index in {indexed - loaded:.0f} s; "
        f"table with indexes {size}",
        flush=True,
    )


def verify() -> None:
    env = {**os.environ}
    for _ in range(2):
        started = time.perf_counter()
        result = subprocess.run(  # noqa: S603 (our own command)
            [sys.executable, str(ROOT / "manage.py"), "verify_audit_log"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        print(f"verify_audit_log (exit {result.returncode}, wall {wall:.1f} s):", flush=True)
        print("  " + (result.stdout + result.stderr).strip().replace("\n", "\n  "), flush=True)


def writes(count: int) -> None:
    # Unsaved instances: record() only snapshots their id, name and kind.
    actor = User(pk=17, first_name="Anouk", last_name="de Vries", kind=AccountKind.PROFESSIONAL)
    organization = Organization(pk=3, name="Huisartsenpraktijk De Linde")
    rng = random.Random(7)
    fields: dict[str, Any] = {
        "actor": actor,
        "organization": organization,
        "records": ["referral:12"],
        "categories": ["contact_details", "referrals"],
        "purpose": "referral",
        "action": "read",
        "outcome": "allowed",
        "basis": "consent:42",
        "reason": "",
        "channel": "page",
    }
    own: list[float] = []
    for _ in range(count):
        started = time.perf_counter()
        services.record(resident_id=rng.randrange(1, 1_000_001), **fields)
        own.append(time.perf_counter() - started)
    summary("record() in its own transaction, commit included", own)
    inside: list[float] = []
    for _ in range(count):
        with transaction.atomic():
            started = time.perf_counter()
            services.record(resident_id=rng.randrange(1, 1_000_001), **fields)
            inside.append(time.perf_counter() - started)
    summary("record() inside the caller's transaction", inside)


def reads(count: int, residents: int) -> None:
    rng = random.Random(11)
    first: list[float] = []
    second: list[float] = []
    sizes: list[int] = []
    for _ in range(count):
        resident = rng.randrange(1, residents + 1)
        started = time.perf_counter()
        page = services.accesses_of(resident, limit=10)
        first.append(time.perf_counter() - started)
        sizes.append(len(page))
        if page:
            started = time.perf_counter()
            services.accesses_of(resident, limit=10, before=(page[-1].at, page[-1].id))
            second.append(time.perf_counter() - started)
    print(f"accesses_of: {statistics.mean(sizes):.1f} entries on a first page of 10 on average")
    summary("accesses_of(), first page of 10", first)
    summary("accesses_of(), next page", second)
    first = []
    for _ in range(count):
        started = time.perf_counter()
        services.accesses_of(rng.randrange(1, residents + 1))
        first.append(time.perf_counter() - started)
    summary("accesses_of(), limit 50", first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000_000)
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument("--writes", type=int, default=5000)
    parser.add_argument("--reads", type=int, default=1000)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("DATABASE_URL must name a PostgreSQL database")

    if not options.skip_generate:
        if AuditEntry.objects.exists():
            raise SystemExit("the access log is not empty: use --skip-generate or a new database")
        generate(options.entries, options.residents, options.seed)
    if not options.skip_verify:
        verify()
    if options.writes:
        writes(options.writes)
    if options.reads:
        reads(options.reads, options.residents)


if __name__ == "__main__":
    main()
