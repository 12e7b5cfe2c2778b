"""Background work of notifications; run by `manage.py db_worker`, queued on commit by
`notifications.services.notify` and periodically by `run_scheduler`."""

from django_tasks import task

from notifications import outbox


@task()
def send_due_emails() -> int:
    """Send the e-mails in the outbox that are due (new ones, and retries whose pause is over)."""
    return outbox.send_due_emails()


@task()
def send_daily_digests() -> int:
    """Write the daily e-mail for those who chose it; the sending follows on commit."""
    return outbox.send_daily_digests()


@task()
def prune_sent_emails() -> int:
    """Delete sent e-mails older than the outbox keeps them."""
    return outbox.prune_sent_emails()
