from typing import Any

from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, seed_demo_region


class Command(BaseCommand):
    help = "Seed the deterministic Maastricht demo region and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_demo_region()
        state = "seeded" if report.created else "already seeded; demo passwords reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region Maastricht {state}: {report.residents} residents in {report.households} households."
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        width = max(len(email) for email, _role, _note in report.logins)
        for email, role, note in report.logins:
            self.stdout.write(f"  {email.ljust(width)}  {role}{'  — ' + note if note else ''}")
