from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log's hash chain: every hash, every link, no missing entries. "
        "Exits non-zero at the first broken link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from-id",
            type=int,
            default=1,
            help="start at this entry (the entries before it are trusted); default 1",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain(from_id=options["from_id"])
        summary = (
            f"{result.checked:,} entries checked in {result.seconds:.2f} s "
            f"({result.entries_per_second:,.0f} entries/s)"
        )
        if not result.ok:
            self.stdout.write(summary)
            raise CommandError(
                f"Broken at entry {result.broken_id}: {result.problem_label} "
                f"[{result.problem}] — {result.detail}"
            )
        self.stdout.write(summary)
        if result.last_id is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Chain intact from entry {result.first_id} to {result.last_id}; "
                    f"last hash {result.last_hash}"
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("No entries to check."))
