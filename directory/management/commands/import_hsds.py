from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import translation
from tqdm import tqdm

from directory.hsds.importer import Importer, PayloadError, read_records
from directory.hsds.validation import ENTITIES


class _ProgressStream:
    """tqdm draws its bar with carriage returns; the command's wrapper would add line ends."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()


class Command(BaseCommand):
    help = (
        "Import Open Referral HSDS 3.0 JSON: a file holding one record, a list of records, an API "
        'page ({"contents": [...]}) or an export_hsds file. Each record is validated and written '
        "on its own; the ones that fail are reported and the others imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--type",
            choices=ENTITIES,
            help="the kind of the records when a file does not say and the keys do not tell",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="fail a record whose parent (taxonomy term, organization) is unknown, "
            "instead of keeping the reference and warning",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Operators read English; Django's own validation messages would otherwise be Dutch.
        with translation.override("en"):
            self._import(options["paths"], options)

    def _import(self, paths: list[Path], options: dict[str, Any]) -> None:
        importer = Importer(strict=options["strict"])
        progress = _ProgressStream(self.stderr)
        unreadable = 0
        for path in paths:
            try:
                records = read_records(path, entity=options["type"])
            except PayloadError as error:
                unreadable += 1
                self.stderr.write(f"{path}: {error}")
                continue
            bar = tqdm(
                records,
                desc=path.name,
                unit="record",
                file=progress,
                disable=options["verbosity"] == 0,
            )
            for record in bar:
                for line in importer.import_record(record):
                    tqdm.write(line, file=progress)
        importer.finish()
        report = importer.report
        summary = report.summary + (f", unreadable files {unreadable}" if unreadable else "")
        self.stdout.write(summary)
        if report.failed or unreadable:
            raise CommandError(
                f"{report.failed} records failed and {unreadable} files could not be read; "
                "the other records were imported."
            )
