"""Directory search under load through the HTTP API, on PostgreSQL.

    ONTSCHOT_ENV=development DATABASE_URL=postgres://postgres@127.0.0.1:5432/ontschot_bench \
        .venv/bin/python bench/search_load.py --clients 8 --requests 100

Starts gunicorn on 127.0.0.1:8765 (settings from the environment), warms up, then lets N client
threads each send the fixed query set in a shuffled order, and reports p50/p95/p99 for queries
with a location and without. Only loopback traffic; bounded in count.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # bench/machine.py, next to this file

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765

WITH_PLACE = [
    {"q": "geldzorgen", "waar": "6211 AB"},
    {"q": "eenzaam", "waar": "Utrecht"},
    {"q": "zorgen voor mijn moeder", "waar": "3511"},
    {"q": "schulden deurwaarder", "waar": "1011"},
    {"q": "wandelen", "waar": "Groningen"},
    {"q": "opvoeding", "waar": "5611", "doelgroep": "parents"},
    {"q": "somber", "waar": "2511", "verwijzing": "none"},
    {"q": "taalcafe", "waar": "Rotterdam", "soort": "informal"},
    {"q": "geldzorgen", "waar": "9711", "financiering": "free"},
    {"q": "vallen ouderen", "waar": "6221", "leeftijd": "80"},
]
WITHOUT_PLACE = [
    {"q": "geldzorgen"},
    {"q": "eenzaamheid"},
    {"q": "opvoeding puber"},
    {"q": "valpreventie"},
    {"q": "vrijwilligerswerk"},
    {"q": "mantelzorg", "financiering": "wmo"},
    {"q": "huiselijk geweld"},
    {"q": "administratie", "domein": "money_debts"},
    {"q": "somber angst", "verwijzing": "needed"},
    {"q": "dagbestedng"},  # a typo on purpose
]


def start_server(workers: int, *, cold: bool, in_memory: bool) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    if cold:
        env["SEARCH_CACHE_SECONDS"] = "0"  # every request counts and ranks again
    # Each worker builds its in-memory index in its first request (seconds at this size), so the
    # warm-up ends with every worker's index built; a server does it in a background thread.
    env["SEARCH_IN_MEMORY"] = "true" if in_memory else "false"
    env["SEARCH_IN_MEMORY_INLINE_LIMIT"] = "100000000"
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "ontschot.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{PORT}",
        "--log-level=warning",
        "--timeout=120",  # a first request that builds the index may take a while
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own gunicorn
    for _attempt in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/gezond/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def path_for(params: dict[str, str]) -> str:
    return "/api/v1/directory/search?" + urllib.parse.urlencode(params)


def client(requests: list[tuple[str, str]], results: list[tuple[str, float, int]]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    for kind, path in requests:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        total = json.loads(body).get("total", -1) if response.status == 200 else -1
        results.append((kind, elapsed, total))


def run_clients(plans: list[list[tuple[str, str]]]) -> tuple[list[tuple[str, float, int]], float]:
    """One thread per plan, all at once; the results and the wall time."""
    results: list[tuple[str, float, int]] = []
    threads = [threading.Thread(target=client, args=(plan, results)) for plan in plans]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=100, help="requests per client")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--cold", action="store_true", help="without the search answer cache (ADR 0005)"
    )
    parser.add_argument(
        "--database",
        action="store_true",
        help="without the in-memory index: the database matches, counts and ranks",
    )
    args = parser.parse_args()

    print(machine.describe(), flush=True)
    server = start_server(args.workers, cold=args.cold, in_memory=not args.database)
    try:
        queries = [("with location", path_for(q)) for q in WITH_PLACE] + [
            ("without location", path_for(q)) for q in WITHOUT_PLACE
        ]
        # Steady state: every worker has built its vocabulary and, unless --cold, seen each query
        # (answers are remembered per process): each query is sent 16 times first.
        run_clients([random.Random(-n).sample(queries * 2, len(queries) * 2) for n in range(8)])
        plans = []
        for number in range(args.clients):
            rng = random.Random(number)
            plans.append([rng.choice(queries) for _ in range(args.requests)])
        results, wall = run_clients(plans)
    finally:
        server.terminate()
        server.wait(10)

    failures = [r for r in results if r[2] < 0]
    print(
        f"{len(results)} requests, {args.clients} clients, {args.workers} workers, {wall:.1f} s, "
        f"{len(results) / wall:.0f} req/s, {len(failures)} failed"
        + (", answer cache off" if args.cold else "")
        + (", database only" if args.database else ", in-memory index")
    )
    print(f"{'kind':<18}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean hits':>11}")
    for kind in ("with location", "without location"):
        times = [t for k, t, _n in results if k == kind]
        hits = [n for k, _t, n in results if k == kind]
        print(
            f"{kind:<18}{len(times):>6}{percentile(times, 50):>9.1f}{percentile(times, 95):>9.1f}"
            f"{percentile(times, 99):>9.1f}{statistics.mean(hits):>11.0f}"
        )
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
