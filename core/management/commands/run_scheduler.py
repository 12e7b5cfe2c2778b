"""Queue periodic tasks for the background worker: a small clock, one process per deployment.

django-tasks has no scheduler of its own (ADR 0004); this loop enqueues each job when it is due
and the `db_worker` processes run it.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from directory.tasks import flag_outdated_entries
from notifications.tasks import prune_sent_emails, send_daily_digests, send_due_emails
from privacy.tasks import apply_retention
from referrals.tasks import chase_late_referrals

# (task, every how many seconds)
JOBS = (
    (flag_outdated_entries, 24 * 3600),
    (apply_retention, 24 * 3600),
    # Hourly: a referral is chased once per check date, so a restart or a second run is harmless.
    (chase_late_referrals, 3600),
    # Retries whose pause is over, and anything whose on-commit queueing was lost.
    (send_due_emails, 60),
    # Hourly; the task itself sends each person's daily e-mail once, after 07:00.
    (send_daily_digests, 3600),
    (prune_sent_emails, 24 * 3600),
)


class Command(BaseCommand):
    help = "Queue periodic tasks (reminders) for the background worker. Runs until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="queue every job once and exit")
        parser.add_argument("--tick", type=int, default=60, help="seconds between checks")

    def handle(self, *args: Any, **options: Any) -> None:
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job, every in JOBS:
                if options["once"] or now - last_run.get(job.name, -every) >= every:
                    job.enqueue()
                    last_run[job.name] = now
                    self.stdout.write(f"queued {job.name}")
            if options["once"]:
                return
            time.sleep(options["tick"])
