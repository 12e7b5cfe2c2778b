from collections.abc import Iterable, Iterator, Sized
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import translation
from tqdm import tqdm

from directory.hsds.importer import Importer, PayloadError, read_records
from directory.hsds.validation import ENTITIES

BATCH_SIZE = 1000
_T = TypeVar("_T")


def batched(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"records written together in one transaction (default {BATCH_SIZE})",
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

    def _import_files(self, importer: Importer, paths: list[Path], options: dict[str, Any]) -> int:
        """Import the files; return how many could not be read. A batch is written while the
        next is read (`Importer`): its messages come with the next one, the last with `flush`."""
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
                total=len(records) if isinstance(records, Sized) else None,
                desc=path.name,
                unit="record",
                file=progress,
                disable=options["verbosity"] == 0,
            )
            for batch in batched(records, options["batch_size"]):
                for line in importer.import_batch(batch):
                    tqdm.write(line, file=progress)
                bar.update(len(batch))
            for line in importer.flush():
                tqdm.write(line, file=progress)
            bar.close()
        return unreadable

    def _import(self, paths: list[Path], options: dict[str, Any]) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        importer = Importer(strict=options["strict"])
        try:
            unreadable = self._import_files(importer, paths, options)
            importer.finish()
        finally:
            importer.close()
        report = importer.report
        summary = report.summary + (f", unreadable files {unreadable}" if unreadable else "")
        self.stdout.write(summary)
        if report.failed or unreadable:
            raise CommandError(
                f"{report.failed} records failed and {unreadable} files could not be read; "
                "the other records were imported."
            )
