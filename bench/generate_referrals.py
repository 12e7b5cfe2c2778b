"""Referrals at scale: 1,000,000 open referrals in their own PostgreSQL database.

    flock /tmp/bench.lock env ONTSCHOT_ENV=development \
        .venv/bin/python bench/generate_referrals.py --wipe      # about 7 minutes

Creates (with `--wipe`: drops and re-creates) the database of `--database-url` (default
ontschot_bench_referrals on the local cluster), migrates it, loads the CBS geography and fills it
with COPY:

- `--referrers` referring organisations (GP practices, 5 professionals each) and `--receivers`
  receiving organisations (social teams and welfare; 4 professionals each, 20 in the big one);
  half of the receivers have a response agreement with a contact person;
- `--residents` residents; each referral's resident has a consent in force for the referring
  and the receiving organisation (purpose "referral", ["contact_details", "referrals"]);
- `--referrals` open referrals: exactly `--big` of them to ONE organisation (slug
  `wijkteam-groot`, for the inbox benchmark), the rest over the other receivers on a skewed
  curve (about 560 to 4,000 each); 35 % sent (waiting for receipt), 20 % accepted (waiting for
  first contact), 35 % in progress, 10 % on hold, with due dates as the services compute them.
  About 7 % are past their check date today (5 % waiting for a first reminder, 2 % reminded and
  waiting for escalation), 8 % were escalated earlier; the reminder task has those to chase;
- each referral's history (`ReferralEvent`, about 3.7 per referral);
- the access log: `--audit-entries` chained entries (default 2,000,000) with
  bench/audit_chain.py's generator, so that the audit writes of the load test append to a log
  of realistic size (0 leaves it empty).

The day of generation is kept in `bench_referrals_meta`: bench/referral_load.py runs the reminder
task for that day, so that its share of due referrals does not depend on when it runs.
"""

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import psycopg
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from core.workdays import add_working_days  # noqa: E402 (no models: before django.setup())

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ontschot_bench_referrals"
BIG_SLUG = "wijkteam-groot"
CONSENT_CATEGORIES = '["contact_details", "referrals"]'

FIRST = ["Anouk", "Sem", "Marloes", "Koen", "Yvonne", "Bart", "Lotte", "Fatima", "Jeroen", "Noor"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smeets", "Peters", "El Amrani", "Hendriks"]
REASONS = [
    (
        "referral",
        "Schulden lopen op, post wordt niet meer geopend. Graag hulp bij de administratie.",
        "Ik wil weer overzicht over mijn geld.",
    ),
    (
        "social_prescription",
        "Somberheid en slecht slapen sinds het overlijden van haar man; weinig contacten.",
        "Ik wil weer onder de mensen komen.",
    ),
    (
        "referral",
        "Mantelzorger voor zijn moeder, raakt overbelast. Vraag om ondersteuning en respijt.",
        "Even lucht, zonder dat mijn moeder tekortkomt.",
    ),
    (
        "social_prescription",
        "Vage lichamelijke klachten, eenzaam, zoekt zinvolle dagbesteding.",
        "Iets doen waar ik me nuttig bij voel.",
    ),
    (
        "referral",
        "Spanningen in het gezin, zoon van 14 verzuimt van school.",
        "Rust in huis en dat hij weer naar school gaat.",
    ),
    ("referral", "Valt regelmatig, woont alleen; beweegprogramma en hulp in huis gewenst.", ""),
]
SHARED = ['["referrals", "contact_details"]', '["referrals"]', '["referrals", "contact_details"]']
URGENCIES = ["routine"] * 8 + ["urgent", "asap"]


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontschot.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()


def create_database(database_url: str, *, wipe: bool) -> None:
    """Create the benchmark database (dropped first with --wipe) on the same cluster."""
    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and wipe:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    from django.db import connection

    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def set_sequence(table: str, value: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)",
            [max(value, 1)],
        )


def skewed_counts(total: int, organizations: int, cap: int) -> list[int]:
    """`total` referrals over `organizations`, the first ones busiest, each below `cap`."""
    weights = [1 / (rank + 20) ** 0.5 for rank in range(organizations)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for index in range(total - sum(counts)):
        counts[index % organizations] += 1
    assert max(counts) < cap, "the other receivers must stay below the big one"
    return counts


class Plan(NamedTuple):
    """One referral, as the services would have left it today."""

    status: str
    authored: datetime.datetime
    requested: datetime.datetime
    received: datetime.datetime | None
    first_contact: datetime.datetime | None
    deadline: str
    due_on: datetime.date | None
    check_on: datetime.date | None
    reminders_sent: int
    escalated_at: datetime.datetime | None
    business_status: str
    status_reason: str
    owner: int | None
    requester_org: int
    requester: int
    template: int
    urgency: str
    shared: str


class World:
    """Who is who: organisation and user ids as they were loaded."""

    def __init__(self, args: argparse.Namespace, today: datetime.date) -> None:
        self.seed = args.seed
        self.today = today
        self.now = timezone.now().replace(microsecond=0)
        self.referrers = list(range(1, args.referrers + 1))
        self.receivers = list(range(args.referrers + 1, args.referrers + args.receivers + 1))
        self.big = self.receivers[0]
        self.staff: dict[int, list[int]] = {}
        self.names: dict[int, str] = {}
        self.social_share = 0.2  # a fifth of the referrals come from another social organisation

    def plan(self, number: int, performer: int) -> Plan:
        """The state of referral `number` (deterministic: the same in every pass)."""
        rng = random.Random(self.seed * 10_000_019 + number)
        if rng.random() < self.social_share:
            requester_org = rng.choice(self.receivers)
            if requester_org == performer:  # not to itself
                requester_org = rng.choice(self.referrers)
        else:
            requester_org = rng.choice(self.referrers)
        requester = rng.choice(self.staff[requester_org])
        template = rng.randrange(len(REASONS))
        roll = rng.random()
        day = datetime.timedelta(days=1)
        received = first_contact = escalated = None
        deadline = business = reason = ""
        due = check = None
        reminders = 0
        owner = None
        if roll < 0.55:  # waiting for receipt (0.35) or for first contact (0.20)
            status = "requested" if roll < 0.35 else "accepted"
            deadline = "receipt" if status == "requested" else "first_contact"
            days = 2 if deadline == "receipt" else 5
            sub = rng.random()
            if sub < 0.05 / 0.55:  # the deadline passed: a first reminder is due
                due = self.today - rng.randrange(1, 4) * day
                check = due + day
            elif sub < 0.07 / 0.55:  # reminded; the escalation is due
                check = self.today - rng.randrange(0, 2) * day
                due = check - 3 * day
                reminders = 1
            elif sub < 0.15 / 0.55:  # escalated earlier; nothing more to chase
                due = self.today - rng.randrange(4, 30) * day
                reminders = 2
                escalated = datetime.datetime.combine(due + 3 * day, datetime.time(6), datetime.UTC)
            if due is None:  # not late (yet): sent in the last few days
                requested = self.now - datetime.timedelta(minutes=rng.randrange(5, days * 1440))
                due = add_working_days(requested.date(), days)
                if due < self.today:
                    requested = self.now - datetime.timedelta(minutes=rng.randrange(5, 600))
                    due = add_working_days(requested.date(), days)
                check = due + day
            else:
                requested = datetime.datetime.combine(
                    due - (days + 2) * day, datetime.time(7 + rng.randrange(9)), datetime.UTC
                ) + datetime.timedelta(minutes=rng.randrange(60))
            if status == "accepted":
                received = min(
                    requested + datetime.timedelta(hours=rng.randrange(2, 40)),
                    self.now - datetime.timedelta(minutes=1),
                )
                business = "received"
                if rng.random() < 0.5:
                    owner = rng.choice(self.staff[performer])
        else:
            status = "in-progress" if roll < 0.90 else "on-hold"
            requested = self.now - datetime.timedelta(minutes=rng.randrange(7 * 1440, 180 * 1440))
            received = requested + datetime.timedelta(hours=rng.randrange(2, 60))
            first_contact = received + datetime.timedelta(hours=rng.randrange(4, 120))
            owner = rng.choice(self.staff[performer])
            if status == "on-hold":
                business, reason = "waiting_list", "waiting_list"
            else:
                business = "activity_started" if rng.random() < 0.4 else "first_contact"
        return Plan(
            status=status,
            authored=requested - datetime.timedelta(minutes=rng.randrange(1, 30)),
            requested=requested,
            received=received,
            first_contact=first_contact,
            deadline=deadline,
            due_on=due,
            check_on=check,
            reminders_sent=reminders,
            escalated_at=escalated,
            business_status=business,
            status_reason=reason,
            owner=owner,
            requester_org=requester_org,
            requester=requester,
            template=template,
            urgency=URGENCIES[rng.randrange(len(URGENCIES))],
            shared=SHARED[template % len(SHARED)],
        )


REFERRAL_COLUMNS = [
    "id",
    "kind",
    "resident_id",
    "requester_id",
    "requester_organization_id",
    "requester_phone",
    "requester_email",
    "service_name",
    "performer_organization_id",
    "reason",
    "resident_wish",
    "urgency",
    "shared_categories",
    "context",
    "consent_id",
    "status",
    "status_reason",
    "status_note",
    "business_status",
    "owner_id",
    "outcome",
    "outcome_note",
    "authored_at",
    "requested_at",
    "received_at",
    "first_contact_at",
    "last_modified",
    "deadline",
    "due_on",
    "receipt_in_time",
    "first_contact_in_time",
    "check_on",
    "reminders_sent",
    "escalated_at",
    "version",
]
EVENT_COLUMNS = [
    "referral_id",
    "at",
    "kind",
    "actor_id",
    "actor_name",
    "organization_id",
    "from_status",
    "to_status",
    "status_reason",
    "business_status",
    "outcome",
    "note",
    "happened_on",
]


def events_of(number: int, plan: Plan, performer: int, world: "World") -> Iterator[tuple]:
    """The history the services would have written for this referral: (referral, at, kind,
    actor, actor name, organisation, from status, to status)."""
    names = world.names
    who = names[plan.requester]
    yield (number, plan.authored, "created", plan.requester, who, plan.requester_org, "", "draft")
    yield (
        number,
        plan.requested,
        "status",
        plan.requester,
        who,
        plan.requester_org,
        "draft",
        "requested",
    )
    receiver = plan.owner or world.staff[performer][0]
    them = names[receiver]
    if plan.received is not None:
        yield (number, plan.received, "status", receiver, them, performer, "requested", "accepted")
    if plan.first_contact is not None:
        yield (number, plan.first_contact, "step", receiver, them, performer, "", "")
        later = plan.first_contact + datetime.timedelta(
            hours=1 if plan.status == "in-progress" else 72
        )
        yield (number, later, "status", receiver, them, performer, "accepted", plan.status)
    if plan.reminders_sent >= 1 and plan.due_on is not None:
        at = datetime.datetime.combine(plan.due_on + datetime.timedelta(days=1), datetime.time(5))
        yield (number, at.replace(tzinfo=datetime.UTC), "reminder", None, "", None, "", "")
    if plan.escalated_at is not None:
        yield (number, plan.escalated_at, "escalation", None, "", None, "", "")


def event_row(event: tuple, plan: Plan) -> tuple:
    number, at, kind, actor, name, organization, from_status, to_status = event
    business = ""
    reason = ""
    happened = None
    note = ""
    if kind == "step":
        business = "first_contact"
        happened = at.date()
        note = "Telefonisch contact gehad, afspraak gemaakt."
    elif kind == "status" and to_status == "accepted":
        business = "received"
    elif kind == "status" and to_status == "on-hold":
        reason = plan.status_reason
        business = "waiting_list"
    return (
        number,
        at,
        kind,
        actor,
        name,
        organization,
        from_status,
        to_status,
        reason,
        business,
        "",
        note,
        happened,
    )


def generate(args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from accounts.models import Membership
    from core import clock
    from geo.models import Municipality
    from geo.services import load_geography

    started = time.perf_counter()
    today = clock.today()
    world = World(args, today)
    rng = random.Random(args.seed)
    if not Municipality.objects.exists():
        load_geography()
    municipalities = list(Municipality.objects.order_by("code").values_list("id", flat=True))
    now = world.now
    organizations = []
    for number in world.referrers:
        organizations.append(
            (
                number,
                f"Huisartsenpraktijk {rng.choice(LAST)} {number}",
                f"huisarts-{number}",
                "gp_practice",
                "medical",
                municipalities[number % len(municipalities)],
                f"praktijk{number}@bench.example",
                f"043-{number:07d}",
            )
        )
    for index, number in enumerate(world.receivers):
        kind = "social_team" if index % 2 == 0 else "welfare"
        name = "Sociaal Wijkteam" if kind == "social_team" else "Welzijn"
        slug = BIG_SLUG if number == world.big else f"{kind.replace('_', '-')}-{number}"
        organizations.append(
            (
                number,
                f"{name} {'Centrum (groot)' if number == world.big else number}",
                slug,
                kind,
                "social",
                municipalities[number % len(municipalities)],
                f"info{number}@bench.example",
                f"043-{number:07d}",
            )
        )
    users = []
    memberships = []
    user_id = 0
    names = world.names
    for number, _name, _slug, kind, *_rest in organizations:
        staff = 5 if kind == "gp_practice" else (20 if number == world.big else 4)
        world.staff[number] = []
        for index in range(staff):
            user_id += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            names[user_id] = f"{first} {last}"
            users.append((user_id, first, last, f"prof{number}-{index}@bench.example"))
            role = (
                ("gp" if index < 3 else "practice_nurse")
                if kind == "gp_practice"
                else ("social_worker" if kind == "social_team" else "wellbeing_coach")
            )
            memberships.append((user_id, user_id, number, role))
            world.staff[number].append(user_id)
    with transaction.atomic():
        copy_rows(
            "accounts_organization",
            [
                "id",
                "name",
                "slug",
                "kind",
                "domain",
                "municipality_id",
                "email",
                "phone",
                "website",
                "description",
                "is_active",
                "created_at",
                "updated_at",
            ],
            ((*row, "", "", True, now, now) for row in organizations),
        )
        copy_rows(
            "accounts_user",
            [
                "id",
                "password",
                "is_superuser",
                "first_name",
                "last_name",
                "is_staff",
                "is_active",
                "date_joined",
                "email",
                "kind",
                "preferred_language",
            ],
            (
                (pk, "!bench", False, first, last, False, True, now, email, "professional", "nl")
                for pk, first, last, email in users
            ),
        )
        copy_rows(
            "accounts_membership",
            ["id", "user_id", "organization_id", "role", "job_title", "is_active", "created_at"],
            ((pk, user, org, role, "", True, now) for pk, user, org, role in memberships),
        )
        copy_rows(
            "referrals_responseagreement",
            [
                "organization_id",
                "receipt_days",
                "first_contact_days",
                "escalation_days",
                "contact_person_id",
            ],
            (
                (org, 2, 5, 1, world.staff[org][0])
                for index, org in enumerate(world.receivers)
                if index % 2 == 0
            ),
        )
        set_sequence("accounts_organization", len(organizations))
        set_sequence("accounts_user", user_id)
        set_sequence("accounts_membership", user_id)
    print(
        f"{len(organizations):,} organisations, {user_id:,} professionals "
        f"({time.perf_counter() - started:.0f} s)",
        flush=True,
    )

    if args.audit_entries:
        from audit_chain import generate as generate_audit_log

        generate_audit_log(args.audit_entries, args.residents, args.seed)

    # Who receives each referral: exactly --big for the big organisation, the rest skewed.
    counts = skewed_counts(args.referrals - args.big, len(world.receivers) - 1, args.big)
    performers = [world.big] * args.big
    for org, count in zip(world.receivers[1:], counts, strict=True):
        performers += [org] * count
    rng.shuffle(performers)
    residents_of = [1 + (n * 7919) % args.residents for n in range(args.referrals)]

    step = time.perf_counter()
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
                    FIRST[n % len(FIRST)],
                    "",
                    f"{LAST[n % len(LAST)]}-{n}",
                    datetime.date(1940 + n % 65, 1 + n % 12, 1 + n % 28),
                    "",
                    f"06-{n:08d}",
                    "Hoofdstraat",
                    str(1 + n % 200),
                    "6211 AB",
                    "Maastricht",
                    "",
                    "",
                    "",
                    now,
                )
                for n in range(1, args.residents + 1)
            ),
        )
        set_sequence("residents_resident", args.residents)
    print(f"{args.residents:,} residents ({time.perf_counter() - step:.0f} s)", flush=True)

    # Consents: one per (resident, organisation) the referrals need, given long before.
    step = time.perf_counter()
    consent_of: dict[int, int] = {}  # resident * 2**20 + organisation → consent id

    def consents() -> Iterator[tuple]:
        given = now - datetime.timedelta(days=200)
        for index in range(args.referrals):
            number = index + 1
            plan = world.plan(number, performers[index])
            resident = residents_of[index]
            for org in (plan.requester_org, performers[index]):
                key = resident * 2**20 + org
                if key not in consent_of:
                    consent_of[key] = len(consent_of) + 1
                    yield (
                        consent_of[key],
                        resident,
                        org,
                        False,
                        "referral",
                        CONSENT_CATEGORIES,
                        given,
                        "active",
                        "verbal",
                        True,
                        plan.requester,
                        given,
                    )

    with transaction.atomic():
        copy_rows(
            "privacy_consent",
            [
                "id",
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
            ],
            consents(),
        )
        set_sequence("privacy_consent", len(consent_of))
    print(f"{len(consent_of):,} consents ({time.perf_counter() - step:.0f} s)", flush=True)

    step = time.perf_counter()
    membership_phone = {row[0]: row[7] for row in organizations}
    emails = {pk: email for pk, _first, _last, email in users}

    def referrals() -> Iterator[tuple]:
        for index in range(args.referrals):
            number = index + 1
            performer = performers[index]
            plan = world.plan(number, performer)
            kind, reason, wish = REASONS[plan.template]
            resident = residents_of[index]
            yield (
                number,
                kind,
                resident,
                plan.requester,
                plan.requester_org,
                membership_phone[plan.requester_org],
                emails[plan.requester],
                "",
                performer,
                reason,
                wish,
                plan.urgency,
                plan.shared,
                "",
                consent_of[resident * 2**20 + performer],
                plan.status,
                plan.status_reason,
                "",
                plan.business_status,
                plan.owner,
                "",
                "",
                plan.authored,
                plan.requested,
                plan.received,
                plan.first_contact,
                plan.first_contact or plan.received or plan.requested,
                plan.deadline,
                plan.due_on,
                None if plan.received is None else True,
                None if plan.first_contact is None else True,
                plan.check_on,
                plan.reminders_sent,
                plan.escalated_at,
                1 + (plan.received is not None) + 2 * (plan.first_contact is not None),
            )

    with transaction.atomic():
        copy_rows("referrals_referral", REFERRAL_COLUMNS, referrals())
        set_sequence("referrals_referral", args.referrals)
    print(f"{args.referrals:,} referrals ({time.perf_counter() - step:.0f} s)", flush=True)

    step = time.perf_counter()

    def events() -> Iterator[tuple]:
        for index in range(args.referrals):
            number = index + 1
            plan = world.plan(number, performers[index])
            for event in events_of(number, plan, performers[index], world):
                yield event_row(event, plan)

    with transaction.atomic():
        count = copy_rows("referrals_referralevent", EVENT_COLUMNS, events())
        set_sequence("referrals_referralevent", count)
    print(f"{count:,} referral events ({time.perf_counter() - step:.0f} s)", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_referrals_meta (generated_on date)")
        cursor.execute("DELETE FROM bench_referrals_meta")
        cursor.execute("INSERT INTO bench_referrals_meta VALUES (%s)", [today])
    step = time.perf_counter()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for table in (
            "residents_resident",
            "privacy_consent",
            "referrals_referral",
            "referrals_referralevent",
            "audit_auditentry",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"vacuum analyze ({time.perf_counter() - step:.0f} s)", flush=True)
    assert Membership.objects.filter(organization_id=world.big).count() == 20
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)


def report() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT generated_on FROM bench_referrals_meta")
        (today,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE check_on <= %s), "
            "count(*) FILTER (WHERE check_on <= %s AND reminders_sent = 0) "
            "FROM referrals_referral WHERE status IN "
            "('requested', 'accepted', 'in-progress', 'on-hold')",
            [today, today],
        )
        total, due, first = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM referrals_referral r JOIN accounts_organization o "
            "ON o.id = r.performer_organization_id WHERE o.slug = %s AND r.status IN "
            "('requested', 'accepted', 'in-progress', 'on-hold')",
            [BIG_SLUG],
        )
        (big,) = cursor.fetchone()
        print(
            f"generated on {today}: {total:,} open referrals, {due:,} past their check date "
            f"({100 * due / max(total, 1):.1f} %; {first:,} for a first reminder), "
            f"{big:,} open for {BIG_SLUG}",
            flush=True,
        )
        for table in (
            "referrals_referral",
            "referrals_referralevent",
            "privacy_consent",
            "audit_auditentry",
        ):
            cursor.execute(
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) "  # noqa: S608
                f"FROM {table}"
            )
            rows, size = cursor.fetchone()
            print(f"{table}: {rows:,} rows, {size} with indexes", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--wipe", action="store_true", help="drop and re-create the database")
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000, help="open referrals of one inbox")
    parser.add_argument("--residents", type=int, default=800_000)
    parser.add_argument("--referrers", type=int, default=500)
    parser.add_argument("--receivers", type=int, default=1000)
    parser.add_argument("--audit-entries", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    create_database(args.database_url, wipe=args.wipe)
    configure(args.database_url)
    from django.core.management import call_command

    from referrals.models import Referral

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if Referral.objects.exists():
        print("referrals exist already: nothing generated (use --wipe to start again)")
    else:
        generate(args)
    report()


if __name__ == "__main__":
    main()
