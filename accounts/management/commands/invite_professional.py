from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from accounts.models import Organization, Role, User
from accounts.services import do_invite_professional


class Command(BaseCommand):
    help = "Create a professional account in an organisation and queue the welcome e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument(
            "--organization", required=True, help="the organisation's short name (slug)"
        )
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--job-title", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(
            slug=options["organization"], is_active=True
        ).first()
        if organization is None:
            raise CommandError(
                f"No active organisation with short name {options['organization']!r}."
            )
        if User.objects.filter(email__iexact=options["email"]).exists():
            raise CommandError(f"An account for {options['email']} already exists.")
        try:
            user = do_invite_professional(
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                organization=organization,
                role=options["role"],
                job_title=options["job_title"],
            )
        except IntegrityError as error:
            raise CommandError(f"The account could not be created: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Invited {user.email} as {options['role']} at {organization}; welcome e-mail queued."
            )
        )
