"""How fast this machine is right now, for comparing benchmark figures across hours and days.

The development machine is shared: the same code ran transitions at 97/s one day and 243/s the
next, and within one hour the web worker's CPU per transition moved from 3.6 to 5.6 ms. A
benchmark that prints these two reference workloads beside its own figures lets a reader scale
figures of different moments (docs/performance.md):

- `python`: the CPU time of a fixed mix of what a request does in Python (dicts, strings, JSON,
  hashing), in ms;
- `postgres`: the execution time PostgreSQL reports for a fixed query (a sort and an aggregate
  over 100,000 generated rows), in ms; no table is read or written.

Lower is faster. Alone:  .venv/bin/python bench/machine.py [database URL]
"""

import hashlib
import json
import statistics
import sys
import time

import psycopg

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_QUERY = (
    "EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(DISTINCT md5(i::text)) "
    "FROM generate_series(1, 100000) AS i"
)


def _python_once() -> float:
    started = time.process_time()
    for i in range(20_000):
        record = {"id": i, "name": f"dienst {i}", "tags": [str(j) for j in range(8)], "ok": True}
        text = json.dumps(record, ensure_ascii=False)
        parsed = json.loads(text)
        hashlib.sha256(text.encode()).hexdigest()
        sorted(parsed.items(), key=lambda item: item[0])
    return (time.process_time() - started) * 1000


def _postgres_once(connection: psycopg.Connection) -> float:
    row = connection.execute(POSTGRES_QUERY).fetchone()
    assert row is not None
    return float(row[0][0]["Execution Time"])


def speed(database_url: str = DEFAULT_DATABASE_URL, repeat: int = 5) -> dict[str, float]:
    """Medians of `repeat` runs of each reference workload, in ms."""
    python = statistics.median(_python_once() for _ in range(repeat))
    with psycopg.connect(database_url, autocommit=True) as connection:
        postgres = statistics.median(_postgres_once(connection) for _ in range(repeat))
    return {"python": python, "postgres": postgres}


def describe(database_url: str = DEFAULT_DATABASE_URL) -> str:
    """One line for a benchmark's output."""
    figures = speed(database_url)
    return (
        f"machine speed (bench/machine.py, lower is faster): python {figures['python']:.0f} ms, "
        f"postgres {figures['postgres']:.0f} ms"
    )


if __name__ == "__main__":
    print(describe(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATABASE_URL))
