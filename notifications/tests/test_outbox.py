"""The outbox: sent after commit by the worker, retried with a growing pause when the mail
server fails, never sent twice, never lost."""

import datetime
import smtplib
import threading
import time
from collections.abc import Sequence

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from notifications import outbox
from notifications.models import Notification, OutgoingEmail
from notifications.services import QUEUED_TRUSTED_SECONDS, notify, queued_sending

MINUTE = datetime.timedelta(minutes=1)
# Row locks are PostgreSQL's; the in-memory SQLite test database answers "table is locked" to a
# second thread instead of waiting (a file database with IMMEDIATE transactions waits its turn).
needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL"
)


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses one address and takes the others."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if "refused" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        mail.outbox.extend(email_messages)
        return len(email_messages)


class SlowBackend(LocmemBackend):
    """Takes a while per message, so that two workers overlap."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(0.02)
        return super().send_messages(email_messages)


def _due(to: str, clock) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to=to, subject="Onderwerp", body="Tekst", next_attempt_at=clock.now()
    )


@pytest.mark.django_db
def test_it_sends_what_is_due(gp: User, clock) -> None:
    notify([gp], kind="test", title="Nieuwe verwijzing", url="/werkplek/")
    later = OutgoingEmail.objects.create(
        to="later@example.nl", subject="Later", body="x", next_attempt_at=clock.now() + MINUTE
    )

    assert outbox.send_due_emails() == 1

    [message] = mail.outbox
    assert message.to == [gp.email]
    assert message.subject == "Nieuwe verwijzing"
    email = OutgoingEmail.objects.get(to=gp.email)
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at == clock.now()
    assert email.attempts == 1
    later.refresh_from_db()
    assert later.status == OutgoingEmail.Status.PENDING
    assert outbox.send_due_emails() == 0  # sent once, not again


@pytest.mark.django_db
def test_a_failure_is_retried_later_with_a_growing_pause_and_then_kept_as_failed(
    gp: User, clock, settings
) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_outbox.FailingBackend"
    notify([gp], kind="test", title="Nieuw")
    email = OutgoingEmail.objects.get()

    pauses = []
    for _attempt in range(outbox.MAX_ATTEMPTS - 1):
        started = clock.now()
        assert outbox.send_due_emails() == 0
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.PENDING
        assert "SMTPServerDisconnected" in email.last_error
        pauses.append(email.next_attempt_at - started)
        assert outbox.send_due_emails() == 0  # not due yet: no attempt
        clock.advance(email.next_attempt_at - started)

    assert pauses == [
        datetime.timedelta(minutes=m) for m in outbox.RETRY_DELAYS_MINUTES
    ]  # 1, 5, 15, 60 minutes, …
    outbox.send_due_emails()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == outbox.MAX_ATTEMPTS
    assert email.next_attempt_at is None
    assert Notification.objects.count() == 1  # the notification itself is there all along

    # The mail server is back; the administrator's "retry now" sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.retry_now(OutgoingEmail.objects.all()) == 1
    assert outbox.send_due_emails() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [[gp.email]]


@pytest.mark.django_db
def test_when_the_server_is_down_a_run_stops_after_a_few_failures(clock, settings) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_outbox.FailingBackend"
    for n in range(10):
        _due(f"person{n}@example.nl", clock)

    outbox.send_due_emails()

    attempts = list(OutgoingEmail.objects.values_list("attempts", flat=True))
    assert sum(attempts) == outbox.MAX_FAILURES_PER_RUN
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count() == 10


@pytest.mark.django_db
def test_one_refused_address_does_not_hold_up_the_others(clock, settings) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_outbox.RefusingBackend"
    refused = _due("refused@example.nl", clock)
    _due("a@example.nl", clock)
    _due("b@example.nl", clock)

    assert outbox.send_due_emails() == 2

    refused.refresh_from_db()
    assert refused.status == OutgoingEmail.Status.PENDING
    assert refused.attempts == 1
    assert "SMTPRecipientsRefused" in refused.last_error
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.nl", "b@example.nl"]


@pytest.mark.django_db
def test_sent_emails_are_cleared_after_a_month(clock) -> None:
    old = _due("old@example.nl", clock)
    outbox.send_due_emails()
    failed = OutgoingEmail.objects.create(
        to="failed@example.nl", subject="x", body="x", status=OutgoingEmail.Status.FAILED
    )
    clock.advance(datetime.timedelta(days=outbox.KEEP_SENT_DAYS + 1))
    recent = _due("recent@example.nl", clock)
    outbox.send_due_emails()

    assert outbox.prune_sent_emails() == 1

    remaining = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assert remaining == {failed.pk, recent.pk}
    assert old.pk not in remaining


# --- With real commits: the worker and two workers side by side ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_after_commit_and_one_queued_run_serves_many_changes(
    gp: User, social_worker: User
) -> None:
    with transaction.atomic():
        notify([gp], kind="test", title="Een", url="/werkplek/")
        assert DBTaskResult.objects.count() == 0  # nothing before the commit
    with transaction.atomic():
        notify([social_worker], kind="test", title="Twee")

    # The second change found a run queued that had not started yet: no second task row.
    assert DBTaskResult.objects.filter(task_path="notifications.tasks.send_due_emails").count() == 1
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([gp.email, social_worker.email])
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_process_looks_for_a_queued_run_at_most_once_a_second(
    gp: User, social_worker: User
) -> None:
    with transaction.atomic():
        notify([gp], kind="test", title="Een")
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.all().delete()  # as if a worker took it and is sending

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        notify([social_worker], kind="test", title="Twee")
    # The run seen a moment ago sends until nothing is due: no look, no second task.
    assert not [q for q in queries.captured_queries if "django_tasks" in q["sql"]]
    assert DBTaskResult.objects.count() == 0

    assert queued_sending.seen_at is not None
    queued_sending.seen_at -= QUEUED_TRUSTED_SECONDS  # a second later
    with transaction.atomic():
        notify([social_worker], kind="test", title="Drie")
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_does_not_undo_the_change(gp: User, settings) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_outbox.FailingBackend"
    with transaction.atomic():
        notify([gp], kind="test", title="Een")

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)

    assert Notification.objects.count() == 1
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # the failure is the outbox's


def _in_thread(target, *args):
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target(*args)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_an_email_another_worker_holds_is_skipped(clock) -> None:
    held = _due("held@example.nl", clock)
    free = _due("free@example.nl", clock)

    with transaction.atomic():
        OutgoingEmail.objects.select_for_update().get(pk=held.pk)  # another worker is sending it
        thread, errors = _in_thread(outbox.send_due_emails)
        thread.join(timeout=30)

    assert errors == []
    assert [m.to for m in mail.outbox] == [["free@example.nl"]]
    held.refresh_from_db()
    free.refresh_from_db()
    assert (held.status, free.status) == ("pending", "sent")


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_email_twice(clock, settings) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_outbox.SlowBackend"
    for n in range(30):
        _due(f"person{n}@example.nl", clock)

    workers = [_in_thread(outbox.send_due_emails) for _ in range(3)]
    for thread, errors in workers:
        thread.join(timeout=60)
        assert errors == []

    sent_to = [m.to[0] for m in mail.outbox]
    assert len(sent_to) == 30
    assert len(set(sent_to)) == 30
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}
