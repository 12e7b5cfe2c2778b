"""Background work of the directory; run by `manage.py db_worker`, queued by `run_scheduler`."""

from django_tasks import task

from directory.services import send_verification_reminders


@task()
def flag_outdated_entries() -> int:
    """E-mail each provider editor whose entries were not checked for DIRECTORY_VERIFY_MONTHS."""
    return send_verification_reminders()
