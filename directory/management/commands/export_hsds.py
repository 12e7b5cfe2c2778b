from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from directory.hsds.export import write_export
from directory.hsds.serialize import CHUNK_SIZE


class _Unended:
    """The command's output without the line end it adds to every write."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")


class Command(BaseCommand):
    help = (
        'Export the whole directory as HSDS 3.0 JSON: {"taxonomies", "taxonomy_terms", '
        '"organizations", "locations", "services"}, each record once; import_hsds reads it '
        "back. Confidential locations appear only as a placeholder, without address."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="the file to write (default: standard output)"
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be 1 or more.")
        output = Path(options["output"]) if options["output"] else None
        if output is None:
            counts = write_export(_Unended(self.stdout), chunk_size=options["chunk_size"])
            report = self.stderr
        else:
            try:
                with output.open("w", encoding="utf-8") as handle:
                    counts = write_export(handle, chunk_size=options["chunk_size"])
            except OSError as error:
                raise CommandError(f"{output}: {error.strerror}") from error
            report = self.stdout
        report.write(
            "exported "
            + ", ".join(f"{count} {key}" for key, count in counts.items())
            + (f" to {output}" if output else "")
        )
