"""HSDS export and import at scale: export the directory, import the file into an empty database.

    ONTSCHOT_ENV=development DATABASE_URL=postgres://postgres@127.0.0.1:5432/ontschot_bench \
        .venv/bin/python bench/hsds_roundtrip.py --services 20000

1. `export_hsds` of the database in DATABASE_URL (read only) to a temporary file: time,
   services/s, file size, peak RSS of the export process.
2. A second database (`<name>_import`, made with createdb, migrated, geography loaded; it must not
   exist yet) gets the file (with `--services N`: the first N services and only the
   organisations and locations they use) through `import_hsds`: time, services/s, peak RSS.
3. With `--reimport`, the same file is imported a second time (every record an update, no row
   changed): time, services/s. With `--reimport-changed`, then a copy in which every description
   and phone number differs (every service, its phones and most organisations and locations
   change; the round trip below is then skipped).
4. The import database is exported again and compared byte for byte with the imported file.

`--export-file PATH` imports that export file instead of exporting DATABASE_URL first (DATABASE_URL
then only names the server and the import database); `--save-export PATH` keeps the export.

The import database and the temporary files are removed at the end (`--keep` keeps them).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # bench/machine.py, next to this file

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def cpu_of_children() -> float:
    """CPU seconds (user and system) of the ended children and theirs (the validation process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a command; return its wall time and the peak RSS (KiB) of the children so far."""
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (our own commands)
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(args[1:3])}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def subset(source: Path, target: Path, services: int) -> int:
    """The export file with its first `services` services and the records they refer to."""
    organizations: set[str] = set()
    locations: set[str] = set()
    section = ""
    taken = 0
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith('"services"'):
                section = "services"
            elif section == "services" and line.startswith("{") and taken < services:
                record = json.loads(line.rstrip().removesuffix(","))
                organizations.add(record["organization_id"])
                locations |= {p["location_id"] for p in record.get("service_at_locations", [])}
                taken += 1
    counts = {"organizations": 0, "locations": 0, "services": 0}
    with source.open(encoding="utf-8") as handle, target.open("w", encoding="utf-8") as out:
        section = ""
        kept: list[str] = []
        for line in handle:
            if line.startswith('"') and line.rstrip().endswith("["):
                section = line.split('"')[1]
            if not line.startswith("{") or section not in counts:
                if line.startswith("]") and kept:
                    out.write(",\n".join(kept) + "\n")
                    kept = []
                out.write(line)
                continue
            text = line.rstrip().removesuffix(",")
            record_id = json.loads(text)["id"]
            wanted = {
                "organizations": record_id in organizations,
                "locations": record_id in locations,
                "services": counts["services"] < services,
            }[section]
            if wanted:
                kept.append(text)
                counts[section] += 1
    return counts["services"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, help="import only the first N services")
    parser.add_argument("--import-database", help="default: the source's name + _import")
    parser.add_argument("--chunk-size", type=int, default=2000, help="export chunk size")
    parser.add_argument("--batch-size", type=int, default=1000, help="import batch size")
    parser.add_argument("--keep", action="store_true", help="keep the import database and files")
    parser.add_argument(
        "--reimport", action="store_true", help="import the same file again (all updates)"
    )
    parser.add_argument(
        "--reimport-changed",
        action="store_true",
        help="then import a copy with every description and phone number changed",
    )
    parser.add_argument("--export-file", type=Path, help="import this export file, export nothing")
    parser.add_argument("--save-export", type=Path, help="copy the export file here")
    options = parser.parse_args()

    source_url = os.environ.get("DATABASE_URL", "")
    url = urlsplit(source_url)
    if url.scheme not in ("postgres", "postgresql") or not url.path.strip("/"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database")
    import_name = options.import_database or url.path.strip("/") + "_import"
    import_url = urlunsplit(url._replace(path="/" + import_name))
    pg = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    pg += ["-U", url.username or "postgres"]
    env = {**os.environ, "ONTSCHOT_ENV": os.environ.get("ONTSCHOT_ENV", "development")}
    import_env = {**env, "DATABASE_URL": import_url}

    workdir = Path(tempfile.mkdtemp(prefix="hsds_bench_"))
    exported = workdir / "export.json"
    created = False
    try:
        if options.export_file is not None:
            exported = options.export_file
        else:
            print(f"export of {url.path.strip('/')} …", flush=True)
            seconds, rss = run(
                [
                    *MANAGE,
                    "export_hsds",
                    "--output",
                    str(exported),
                    "--chunk-size",
                    str(options.chunk_size),
                ],
                env,
            )
        total = sum(1 for line in exported.open(encoding="utf-8") if line.startswith('{"id"'))
        with exported.open(encoding="utf-8") as handle:
            services = 0
            in_services = False
            for line in handle:
                in_services = in_services or line.startswith('"services"')
                services += in_services and line.startswith("{")
        if options.export_file is None:
            size = exported.stat().st_size
            print(
                f"export: {services:,} services ({total:,} records) in {seconds:.1f} s = "
                f"{services / seconds:,.0f} services/s; {size / 1e6:,.0f} MB; "
                f"peak RSS {rss / 1024:,.0f} MiB",
                flush=True,
            )
            if options.save_export is not None:
                shutil.copyfile(exported, options.save_export)

        to_import = exported
        if options.services is not None:
            to_import = workdir / "subset.json"
            services = subset(exported, to_import, options.services)
        print(f"import of {services:,} services into {import_name} …", flush=True)
        subprocess.run(["createdb", *pg, import_name], check=True)  # noqa: S603, S607
        created = True
        run([*MANAGE, "migrate", "-v0"], import_env)
        run([*MANAGE, "createcachetable"], import_env)
        run([*MANAGE, "load_geo"], import_env)

        def import_command(path: Path) -> list[str]:
            return [
                *MANAGE,
                "import_hsds",
                str(path),
                "-v0",
                "--batch-size",
                str(options.batch_size),
            ]

        command = import_command(to_import)
        # On a shared machine the wall time follows the load; the CPU time of the import (not
        # of PostgreSQL) much less.
        print(machine.describe(), flush=True)
        cpu = cpu_of_children()
        load = os.getloadavg()[0]
        seconds, rss = run(command, import_env)
        print(
            f"import: {services:,} services in {seconds:.1f} s = "
            f"{services / seconds:,.0f} services/s; peak RSS (all runs so far) "
            f"{rss / 1024:,.0f} MiB; CPU {cpu_of_children() - cpu:.1f} s; "
            f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after",
            flush=True,
        )
        if options.reimport:
            seconds, rss = run(command, import_env)
            print(
                f"re-import: {services:,} services in {seconds:.1f} s = "
                f"{services / seconds:,.0f} services/s; peak RSS (all runs so far) "
                f"{rss / 1024:,.0f} MiB",
                flush=True,
            )
        if options.reimport_changed:
            changed = workdir / "changed.json"
            changed.write_text(
                to_import.read_text(encoding="utf-8")
                .replace('"description": "', '"description": "Gewijzigd: ')
                .replace('"number": "', '"number": "+31 '),
                encoding="utf-8",
            )
            seconds, rss = run(import_command(changed), import_env)
            print(
                f"re-import, every service changed: {services:,} services in {seconds:.1f} s = "
                f"{services / seconds:,.0f} services/s",
                flush=True,
            )
        else:
            again = workdir / "again.json"
            run([*MANAGE, "export_hsds", "--output", str(again)], import_env)
            same = again.read_bytes() == to_import.read_bytes()
            print("round trip: " + ("identical, byte for byte" if same else "DIFFERENT"))
    finally:
        if not options.keep:
            for file in workdir.iterdir():
                file.unlink()
            workdir.rmdir()
            if created:
                subprocess.run(["dropdb", *pg, import_name], check=False)  # noqa: S603, S607
        else:
            print(f"kept {workdir} and database {import_name}")


if __name__ == "__main__":
    main()
