"""Referrals under load, on the 1,000,000 open referrals of bench/generate_referrals.py.

    flock /tmp/bench.lock env ONTSCHOT_ENV=development \
        .venv/bin/python bench/referral_load.py --part all --runs 3

(a) `transitions`: starts gunicorn (`--workers` sync workers; DEBUG off, two-factor login
    required, database sessions, as in production but on loopback without TLS) and lets
    `--clients` threads, each a professional of another receiving organisation, make
    `--transitions` state transitions per run: half requested → accepted, half accepted →
    in-progress, each on a distinct referral (none of the late ones) with its current version.
    Through the JSON API (`POST /api/v1/referrals/<id>/transitions`, `Authorization: Bearer
    <key>`) or, with `--via page`, the page's form (`POST /verwijzingen/<id>/status/`, session
    cookie and CSRF token). Each takes the consent decision and writes its audit entry, the
    history event, a notification and an e-mail in the outbox. Meanwhile a sampler reads pg_locks
    every 10 ms (how often the audit chain's advisory lock is held, how many wait), and the CPU
    time of the web workers, their PostgreSQL backends and this process is read from /proc.
(b) `inbox`: a member of the organisation with 10,000 open referrals (`wijkteam-groot`) opens
    GET /verwijzingen/ on the same gunicorn, one request at a time: the first page, a later page,
    and both with `te_laat=1` (only late ones), `--inbox-requests` times each per run.
(c) `chase`: `referrals.tasks.chase(day of generation)` in this process, after restoring the
    reminder columns of the due referrals (kept in `bench_chase_due` on the first run) and
    deleting what an earlier round wrote, so that every run has the same work; the time spent in
    referrals.notices (notifications and e-mails) is reported apart.
`--profile`: instead, in one process without load: `--profile-count` transitions through the API
    (test client) and as many through `services.do_transition` (with the time from taking the
    audit lock to commit), a cProfile of the API requests, the inbox view, and one reminder round
    under cProfile; each with its SQL statements by total time. `--profile-transitions-only`
    and `--profile-chase-only` profile one part.

Medians and percentiles per run and over the runs; the load average at the start of each run
(the machine is shared). Nothing leaves loopback.
"""

import argparse
import cProfile
import http.client
import json
import os
import pstats
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # bench/machine.py, next to this file

ROOT = Path(__file__).resolve().parents[1]
PORT = 8766
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ontschot_bench_referrals"
BIG_SLUG = "wijkteam-groot"
OPEN = ["requested", "accepted", "in-progress", "on-hold"]
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - bench users only, never used


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontschot.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- figures ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def load() -> str:
    """The machine is shared: the load average and the speed of the reference workloads
    (bench/machine.py) when a run starts, for the record."""
    average = "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{average}; {machine.describe()}"


def line(label: str, ms: list[float], extra: str = "") -> str:
    if not ms:
        return f"{label:<34} no requests"
    return (
        f"{label:<34}{len(ms):>6}{percentile(ms, 50):>9.1f}{percentile(ms, 95):>9.1f}"
        f"{percentile(ms, 99):>9.1f}{max(ms):>9.1f}  {extra}"
    )


HEADER = f"{'':<34}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class CpuMeter(threading.Thread):
    """CPU seconds spent by the web workers, their PostgreSQL backends (read every half second:
    a backend that replaces an expired connection counts from its start) and this process (the
    clients) between start() and stop(): where the two cores go."""

    def __init__(self, server_pid: int, database_url: str) -> None:
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.database_url = database_url
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.groups: dict[str, set[int]] = defaultdict(set)
        self.done = threading.Event()
        self.wall = 0.0

    def poll(self, connection: psycopg.Connection[Any]) -> None:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchall()
        current = {
            "gunicorn workers": children_of(self.server_pid),
            "postgres backends": [row[0] for row in rows],
            "load generator": [os.getpid()],
        }
        for name, pids in current.items():
            for pid in pids:
                seconds = cpu_seconds([pid])
                self.first.setdefault(pid, seconds if self.wall == 0.0 else 0.0)
                self.last[pid] = seconds
                self.groups[name].add(pid)

    def run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            self.poll(connection)
            self.wall = time.perf_counter()
            while not self.done.wait(0.5):
                self.poll(connection)
            self.poll(connection)
            self.wall = time.perf_counter() - self.wall

    def stop(self) -> None:
        self.done.set()
        self.join()

    def per(self, count: int) -> str:
        used = {
            name: sum(self.last[pid] - self.first[pid] for pid in pids)
            for name, pids in self.groups.items()
        }
        parts = [f"{name} {1000 * seconds / count:.1f}" for name, seconds in used.items()]
        busy = sum(used.values()) / self.wall
        return f"CPU ms per request: {', '.join(parts)}; {busy:.2f} of 2 cores"


# --- the server ------------------------------------------------------------------------------


def start_server(workers: int, database_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "ontschot.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{PORT}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own gunicorn
    for _attempt in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/gezond/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


@contextmanager
def server_running(workers: int, database_url: str) -> Iterator[int]:
    server = start_server(workers, database_url)
    try:
        yield server.pid
    finally:
        server.terminate()
        server.wait(20)


# --- who acts --------------------------------------------------------------------------------


@dataclass
class Person:
    user_id: int
    organization_id: int
    cookie: str = ""  # sessionid=…; csrftoken=…
    csrf: str = ""
    key: str = ""  # API key (Bearer)


def with_totp(user: Any) -> None:
    """Professionals must have two-factor login (REQUIRE_2FA is on without DEBUG)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)


def signed_in(user_id: int, organization_id: int) -> Person:
    """A session (as after login with 2FA) and an API key for this professional."""
    from django.test import Client

    from accounts.models import ApiToken, Membership, User
    from accounts.services import do_create_api_token

    user = User.objects.get(pk=user_id)
    with_totp(user)
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 characters: a valid CSRF secret for cookie and form
    membership = Membership.objects.get(user=user, organization_id=organization_id)
    ApiToken.objects.filter(membership=membership, name="bench").delete()
    _token, key = do_create_api_token(membership, name="bench", expires_at=None, actor=user)
    return Person(
        user_id,
        organization_id,
        cookie=f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}",
        csrf=csrf,
        key=key,
    )


def generated_on() -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT generated_on FROM bench_referrals_meta")
        return cursor.fetchone()[0]


# --- (a) transitions -------------------------------------------------------------------------


@dataclass
class Job:
    referral_id: int
    version: int
    to_status: str


@dataclass
class Result:
    ms: float
    status: int
    to_status: str


def plan_transitions(
    total: int, clients: int, seed: int
) -> tuple[list[Person], list[list[Job]], list[list[Job]]]:
    """`clients` professionals of the busiest receivers but the big one, and for each an equal
    share of referrals to move: requested → accepted and accepted → in-progress, none of them
    late (the reminder benchmark keeps those), each once."""
    from django.db import connection

    day = generated_on()
    per_client = -(-total // clients) + 2  # two for the warm-up
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT performer_organization_id FROM referrals_referral r "
            "JOIN accounts_organization o ON o.id = r.performer_organization_id "
            "WHERE o.slug <> %s AND r.status = 'requested' AND r.check_on > %s "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT %s",
            [BIG_SLUG, day, clients],
        )
        organizations = [row[0] for row in cursor.fetchall()]
        people = []
        plans: list[list[Job]] = []
        for organization_id in organizations:
            cursor.execute(
                "SELECT m.user_id FROM accounts_membership m WHERE m.organization_id = %s "
                "ORDER BY m.id LIMIT 1",
                [organization_id],
            )
            (user_id,) = cursor.fetchone()
            people.append(signed_in(user_id, organization_id))
            jobs = []
            for status, to_status in (("requested", "accepted"), ("accepted", "in-progress")):
                cursor.execute(
                    "SELECT id, version FROM referrals_referral WHERE performer_organization_id "
                    "= %s AND status = %s AND check_on > %s ORDER BY id LIMIT %s",
                    [organization_id, status, day, per_client // 2 + 1],
                )
                jobs.append([Job(pk, version, to_status) for pk, version in cursor.fetchall()])
            mixed = [job for pair in zip(*jobs, strict=False) for job in pair]
            random.Random(seed + organization_id).shuffle(mixed)
            plans.append(mixed[:per_client])
    warmups = [[plan.pop(), plan.pop()] for plan in plans]
    return people, plans, warmups


def send_transition(
    connection: http.client.HTTPConnection, person: Person, job: Job, via: str
) -> int:
    if via == "api":
        body = json.dumps({"status": job.to_status, "version": job.version})
        headers = {"Authorization": f"Bearer {person.key}", "Content-Type": "application/json"}
        connection.request(
            "POST", f"/api/v1/referrals/{job.referral_id}/transitions", body, headers
        )
    else:
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": person.csrf,
                "version": job.version,
                "status": job.to_status,
                "reason": "",
                "outcome": "",
                "note": "",
            }
        )
        headers = {"Cookie": person.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", f"/verwijzingen/{job.referral_id}/status/", body, headers)
    response = connection.getresponse()
    response.read()
    return response.status


def run_clients(
    people: list[Person], plans: list[list[Job]], via: str
) -> tuple[list[Result], float]:
    results: list[Result] = []
    lock = threading.Lock()

    def client(person: Person, jobs: list[Job]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine = []
        for job in jobs:
            started = time.perf_counter()
            status = send_transition(connection, person, job, via)
            mine.append(Result((time.perf_counter() - started) * 1000, status, job.to_status))
        with lock:
            results.extend(mine)

    threads = [
        threading.Thread(target=client, args=(person, jobs))
        for person, jobs in zip(people, plans, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


class LockSampler(threading.Thread):
    """Every 10 ms: is the audit chain's advisory lock held, and how many wait for it?"""

    def __init__(self, database_url: str) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.samples: list[tuple[int, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self.stop.is_set():
                row = connection.execute(
                    "SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted) "
                    "FROM pg_locks WHERE locktype = 'advisory'"
                ).fetchone()
                assert row is not None
                self.samples.append((row[0], row[1]))
                time.sleep(0.01)

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        held = sum(1 for granted, _waiting in self.samples if granted) / len(self.samples)
        waiting = statistics.mean(w for _granted, w in self.samples)
        return f"audit lock held in {100 * held:.0f} % of samples, {waiting:.1f} waiting on average"


def verify(jobs: list[Job]) -> int:
    """How many of these referrals have the status they were moved to (the page answers a
    redirect either way, so success is read from the database)."""
    from referrals.models import Referral

    wanted = {job.referral_id: job.to_status for job in jobs}
    rows = Referral.objects.filter(pk__in=list(wanted)).values_list("pk", "status")
    return sum(1 for pk, status in rows if wanted[pk] == status)


def transitions(args: argparse.Namespace) -> None:
    print(
        f"\n(a) transitions via the {args.via}: {args.transitions} per run, {args.clients} "
        f"clients, {args.workers} gunicorn workers",
        flush=True,
    )
    all_ms: list[float] = []
    rates = []
    with server_running(args.workers, args.database_url) as server_pid:
        for run in range(1, args.runs + 1):
            people, plans, warmups = plan_transitions(
                args.transitions, args.clients, args.seed + run
            )
            for index in range(2):  # every client once on each worker, before the clock runs
                run_clients(people, [[jobs[index]] for jobs in warmups], args.via)
            print(f"run {run}: {load()}", flush=True)
            sampler = LockSampler(args.database_url)
            meter = CpuMeter(server_pid, args.database_url)
            sampler.start()
            meter.start()
            time.sleep(0.2)  # the meter's first reading
            results, wall = run_clients(people, plans, args.via)
            meter.stop()
            sampler.stop.set()
            sampler.join()
            jobs = [job for plan in plans for job in plan]
            done = verify(jobs)
            ok = [r.ms for r in results if r.status in (200, 302)]
            codes: dict[int, int] = defaultdict(int)
            for r in results:
                codes[r.status] += 1
            rate = done / wall
            rates.append(rate)
            all_ms += ok
            print(HEADER if run == 1 else "", end="\n" if run == 1 else "")
            print(
                line(
                    f"run {run}: {rate:.0f} transitions/s",
                    ok,
                    f"{done}/{len(results)} done in {wall:.1f} s, answers {dict(codes)}; "
                    + sampler.summary(),
                ),
                flush=True,
            )
            for to_status in ("accepted", "in-progress"):
                ms = [r.ms for r in results if r.to_status == to_status]
                print(line(f"  → {to_status}", ms), flush=True)
            print(f"  {meter.per(len(results))}", flush=True)
    print(line(f"all runs: median {statistics.median(rates):.0f}/s", all_ms), flush=True)


# --- (b) the inbox ---------------------------------------------------------------------------


def inbox(args: argparse.Namespace) -> None:
    from django.db import connection

    from core import clock

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.user_id, m.organization_id FROM accounts_membership m "
            "JOIN accounts_organization o ON o.id = m.organization_id WHERE o.slug = %s "
            "ORDER BY m.id DESC LIMIT 1",
            [BIG_SLUG],
        )
        user_id, organization_id = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE due_on < %s) FROM referrals_referral "
            "WHERE performer_organization_id = %s AND status = ANY(%s)",
            [clock.today(), organization_id, OPEN],
        )
        total, late = cursor.fetchone()
    person = signed_in(user_id, organization_id)
    pages = {
        "first page": "/verwijzingen/",
        f"page 200 of {-(-total // 25)}": "/verwijzingen/?pagina=200",
        "late only, first page": "/verwijzingen/?te_laat=1",
        f"late only, page {-(-late // 50)} of {-(-late // 25)}": (
            f"/verwijzingen/?te_laat=1&pagina={-(-late // 50)}"
        ),
    }
    print(
        f"\n(b) inbox of {BIG_SLUG}: {total:,} open referrals, {late:,} late; "
        f"{args.inbox_requests} requests per page per run, one at a time",
        flush=True,
    )
    timings: dict[str, list[float]] = defaultdict(list)
    with server_running(args.workers, args.database_url):
        connection_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        headers = {"Cookie": person.cookie}
        for path in pages.values():  # warm up: each worker sees each page
            for _ in range(4):
                connection_.request("GET", path, headers=headers)
                connection_.getresponse().read()
        for run in range(1, args.runs + 1):
            print(f"run {run}: {load()}", flush=True)
            print(HEADER if run == 1 else "", end="\n" if run == 1 else "")
            for label, path in pages.items():
                ms = []
                for _ in range(args.inbox_requests):
                    started = time.perf_counter()
                    connection_.request("GET", path, headers=headers)
                    response = connection_.getresponse()
                    body = response.read()
                    ms.append((time.perf_counter() - started) * 1000)
                    if response.status != 200 or b"VW-" not in body:
                        raise SystemExit(f"{path}: {response.status}")
                timings[label] += ms
                print(line(f"run {run}: {label}", ms), flush=True)
    for label, ms in timings.items():
        print(line(f"all runs: {label}", ms), flush=True)


# --- (c) the reminder round ------------------------------------------------------------------


def reset_chase() -> None:
    """Put back what the reminder task changed: the due referrals' reminder columns (kept in
    bench_chase_due on the first run) and the events and notifications it wrote."""
    from django.db import connection

    day = generated_on()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_chase_due') IS NOT NULL")
        if not cursor.fetchone()[0]:
            cursor.execute(
                "CREATE TABLE bench_chase_due AS SELECT id, check_on, reminders_sent, "
                "escalated_at, (SELECT max(id) FROM referrals_referralevent) AS last_event "
                "FROM referrals_referral WHERE check_on <= %s AND status = ANY(%s)",
                [day, OPEN],
            )
        cursor.execute(
            "UPDATE referrals_referral r SET check_on = d.check_on, "
            "reminders_sent = d.reminders_sent, escalated_at = d.escalated_at "
            "FROM bench_chase_due d WHERE r.id = d.id"
        )
        restored = cursor.rowcount
        cursor.execute(
            "DELETE FROM referrals_referralevent WHERE id > (SELECT max(last_event) FROM "
            "bench_chase_due) AND kind IN ('reminder', 'escalation')"
        )
        # The e-mails first: they refer to their notifications.
        for table in ("notifications_outgoingemail", "notifications_notification"):
            cursor.execute(
                f"DELETE FROM {table} WHERE kind IN "  # noqa: S608
                "('referral_reminder', 'referral_escalation', 'referral_overdue')"
            )
        cursor.execute("VACUUM ANALYZE referrals_referral")
    print(f"  restored {restored:,} due referrals", flush=True)


class NoticeTimer:
    """Time spent in referrals.notices.* during a round (the notifications and e-mails)."""

    NAMES = ("send", "escalation_to_address", "overdue_for_referrers")

    def __init__(self, *, stub: bool = False) -> None:
        self.stub = stub  # diagnosis only: skip the notices, to see what the rest costs
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.originals: dict[str, Callable[..., Any]] = {}

    def __enter__(self) -> "NoticeTimer":
        from referrals import notices

        for name in self.NAMES:
            original = self.originals[name] = getattr(notices, name)
            setattr(notices, name, self._timed(name, original))
        return self

    def _timed(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return None if self.stub else original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1

        return timed

    def __exit__(self, *exc: object) -> None:
        from referrals import notices

        for name, original in self.originals.items():
            setattr(notices, name, original)

    def summary(self) -> str:
        total = sum(self.seconds.values())
        parts = [f"{name} {self.calls[name]:,}× {self.seconds[name]:.1f} s" for name in self.NAMES]
        return f"of which notices {total:.1f} s ({', '.join(parts)})"


def chase(args: argparse.Namespace) -> None:
    from django.db import connection

    from referrals.tasks import chase as chase_round

    day = generated_on()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM referrals_referral WHERE status = ANY(%s)", [OPEN])
        (total,) = cursor.fetchone()
    print(
        f"\n(c) reminder round over {total:,} open referrals, for {day}"
        + (" — WITHOUT the notices (diagnosis only)" if args.without_notices else ""),
        flush=True,
    )
    seconds = []
    for run in range(1, args.runs + 1):
        reset_chase()
        print(f"  run {run}: {load()}", flush=True)
        queries = count_queries()
        timer = NoticeTimer(stub=args.without_notices)
        started = time.perf_counter()
        with queries, timer:
            result = chase_round(day)
        elapsed = time.perf_counter() - started
        seconds.append(elapsed)
        print(
            f"  run {run}: {elapsed:.2f} s, {result.as_dict()}, {queries.count:,} queries "
            f"({queries.seconds:.2f} s waiting for the database); {timer.summary()}",
            flush=True,
        )
    print(f"  median {statistics.median(seconds):.2f} s over {len(seconds)} runs", flush=True)


@dataclass
class QueryCounter:
    count: int = 0
    seconds: float = 0.0
    by_sql: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    keep: bool = False
    _handle: Any = None

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.count += 1
            self.seconds += elapsed
            if self.keep:
                self.by_sql[sql[:160]].append(elapsed)

    def __enter__(self) -> "QueryCounter":
        from django.db import connection

        self._handle = connection.execute_wrapper(self)
        self._handle.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.__exit__(*exc)

    def top(self, n: int = 15) -> str:
        ordered = sorted(self.by_sql.items(), key=lambda item: -sum(item[1]))[:n]
        return "\n".join(f"  {sum(t) * 1000:9.1f} ms {len(t):>7}×  {sql}" for sql, t in ordered)


def count_queries(keep: bool = False) -> QueryCounter:
    return QueryCounter(keep=keep)


# --- --profile: where the time goes, in one process ------------------------------------------


def profile(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client

    from accounts.models import Membership
    from audit.models import Channel
    from privacy.policy import Actor
    from referrals import services

    count = args.profile_count
    people, plans, _warmups = plan_transitions(3 * count, 1, args.seed)
    person, jobs = people[0], plans[0]
    membership = Membership.objects.select_related("user", "organization").get(
        user_id=person.user_id, organization_id=person.organization_id
    )
    actor = Actor(membership.user, membership)
    lock_taken: list[float] = []

    def watch_lock(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
        result = execute(sql, *rest)
        if "pg_advisory_xact_lock" in sql or "audit_append(" in sql:  # the lock is taken here
            lock_taken.append(time.perf_counter())
        return result

    api = Client(headers={"Authorization": f"Bearer {person.key}"})

    def through_api(job: Job) -> None:
        response = api.post(
            f"/api/v1/referrals/{job.referral_id}/transitions",
            {"status": job.to_status, "version": job.version},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    def through_service(job: Job) -> None:
        services.do_transition(
            job.referral_id,
            actor=actor,
            to_status=job.to_status,
            version=job.version,
            channel=Channel.API,
        )

    print(f"\n(profile) {count} transitions each way, one process, no load", flush=True)
    print(HEADER)
    for label, call, batch in (
        ("POST …/transitions (test client)", through_api, jobs[:count]),
        ("services.do_transition", through_service, jobs[count : 2 * count]),
    ):
        totals, held, cpu = [], [], []
        queries = count_queries(keep=True)
        with connection.execute_wrapper(watch_lock), queries:
            for job in batch:
                started, cpu_started = time.perf_counter(), time.process_time()
                call(job)
                ended = time.perf_counter()
                cpu.append((time.process_time() - cpu_started) * 1000)
                totals.append((ended - started) * 1000)
                held.append((ended - lock_taken[-1]) * 1000)
        per = f"{queries.count / max(len(batch), 1):.1f} queries"
        print(line(label, totals, f"{per}, CPU of this process {statistics.median(cpu):.2f} ms"))
        if call is through_service:  # the service commits before it returns
            print(line("  audit lock taken → commit done", held))
    print(queries.top())
    # --profile-cpu: this process's CPU time only, so that waiting for PostgreSQL counts nothing.
    profiler = cProfile.Profile(time.process_time) if args.profile_cpu else cProfile.Profile()
    with connection.execute_wrapper(watch_lock):
        for job in jobs[2 * count :]:
            profiler.enable()
            through_api(job)
            profiler.disable()
    profiled = len(jobs[2 * count :])
    print(f"\n(profile) cProfile of {profiled} POST …/transitions")
    if profiled == 0:
        print("no referrals left to profile: earlier runs used them; run generate_referrals.py")
    else:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        if args.profile_out:
            profiler.dump_stats(args.profile_out)
    if args.profile_transitions_only:
        return
    profile_inbox()
    profile_chase()


def profile_inbox() -> None:
    from django.test import Client

    from accounts.models import Membership

    big = Membership.objects.select_related("user").filter(organization__slug=BIG_SLUG).first()
    assert big is not None
    with_totp(big.user)
    client = Client()
    client.force_login(big.user)
    client.get("/verwijzingen/")
    queries = count_queries(keep=True)
    profiler = cProfile.Profile()
    ms = []
    with queries:
        for _ in range(20):
            started = time.perf_counter()
            profiler.enable()
            response = client.get("/verwijzingen/?pagina=200")
            profiler.disable()
            ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    print("\n(profile) GET /verwijzingen/?pagina=200, test client, 20 times")
    print(line("inbox page 200", ms))
    print(f"  {queries.count / 20:.1f} queries per page; by total time:")
    print(queries.top())
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)


def profile_chase() -> None:
    from referrals.tasks import chase as chase_round

    reset_chase()
    queries = count_queries(keep=True)
    profiler = cProfile.Profile()
    with queries:
        profiler.enable()
        result = chase_round(generated_on())
        profiler.disable()
    print(f"\n(profile) one reminder round: {result.as_dict()}, {queries.count:,} queries")
    print(queries.top())
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--part", choices=["transitions", "inbox", "chase", "all"], default="all")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--transitions", type=int, default=4000, help="per run")
    parser.add_argument("--via", choices=["api", "page"], default="api")
    parser.add_argument("--inbox-requests", type=int, default=100, help="per page per run")
    parser.add_argument(
        "--without-notices",
        action="store_true",
        help="(c) for diagnosis: skip referrals.notices, to time the rest of the round",
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-count", type=int, default=300)
    parser.add_argument(
        "--profile-transitions-only",
        action="store_true",
        help="with --profile: only the transitions, not the inbox and the reminder round",
    )
    parser.add_argument(
        "--profile-chase-only",
        action="store_true",
        help="with --profile: only the reminder round",
    )
    parser.add_argument(
        "--profile-cpu",
        action="store_true",
        help="with --profile: the cProfile counts CPU time of this process, not wall time",
    )
    parser.add_argument(
        "--profile-out", help="with --profile: keep the transitions' cProfile in this file"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    configure(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the code may be newer than the generated data
    if args.profile and args.profile_chase_only:
        profile_chase()
        return
    if args.profile:
        profile(args)
        return
    if args.part in ("transitions", "all"):
        transitions(args)
    if args.part in ("inbox", "all"):
        inbox(args)
    if args.part in ("chase", "all"):
        chase(args)


if __name__ == "__main__":
    main()
