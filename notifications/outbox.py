"""Sending the outbox, the daily e-mail and clearing sent e-mails (ADR 0012). Run by the
background worker (`notifications.tasks`); nothing here runs inside a web request.

Each e-mail is claimed, sent and marked in a transaction of its own, with
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL: two workers never send the same e-mail, and a
worker that dies can at most send the one e-mail it was busy with a second time. SQLite has no
row locks; its IMMEDIATE transactions let one worker at a time in, which has the same effect.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core import clock
from notifications.models import EmailFrequency, Notification, NotificationPreference, OutgoingEmail
from notifications.services import (
    absolute_url,
    email_message,
    language_of,
    open_url,
    queue_sending_on_commit,
    render_email,
)

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, … failed attempt; after the last one the e-mail is given
# up (status "failed", in the admin, where "retry now" tries once more).
RETRY_DELAYS_MINUTES = (1, 5, 15, 60, 240, 720)
MAX_ATTEMPTS = len(RETRY_DELAYS_MINUTES) + 1
# When the mail server is down every attempt fails; stop the run after this many in a row and
# leave the rest for the next run (the scheduler starts one every minute).
MAX_FAILURES_PER_RUN = 3
DIGEST_HOUR = 7  # the daily e-mail goes out after 07:00 (Europe/Amsterdam)
DIGEST_MAX_ITEMS = 50
KEEP_SENT_DAYS = 30


def retry_delay(attempts: int) -> datetime.timedelta | None:
    """The pause after `attempts` failed attempts, or None when it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return datetime.timedelta(minutes=RETRY_DELAYS_MINUTES[attempts - 1])


def _claim_next() -> OutgoingEmail | None:
    return (
        OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("notification__recipient")
        .filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at", "id")
        .first()
    )


def send_due_emails(*, limit: int = 1000) -> int:
    """Send what is due, one e-mail per transaction; returns how many were sent."""
    sent = failures_in_a_row = 0
    connection: Any = None
    try:
        for _ in range(limit):
            with transaction.atomic():
                email = _claim_next()
                if email is None:
                    break
                try:
                    message = email_message(email)
                    email.subject, email.body = message["subject"], message["body"]
                    if connection is None:
                        connection = get_connection()
                        connection.open()
                    EmailMessage(
                        email.subject,
                        email.body,
                        settings.DEFAULT_FROM_EMAIL,
                        [email.to],
                        connection=connection,
                    ).send()
                except Exception as error:
                    _record_failure(email, error)
                    _close(connection)
                    connection = None
                    failures_in_a_row += 1
                else:
                    _record_success(email)
                    sent += 1
                    failures_in_a_row = 0
            if failures_in_a_row >= MAX_FAILURES_PER_RUN:
                break
    finally:
        _close(connection)
    return sent


def _record_success(email: OutgoingEmail) -> None:
    email.status = OutgoingEmail.Status.SENT
    email.attempts += 1
    email.sent_at = clock.now()
    email.next_attempt_at = None
    email.save(
        update_fields=["status", "attempts", "sent_at", "next_attempt_at", "subject", "body"]
    )


def _record_failure(email: OutgoingEmail, error: Exception) -> None:
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    delay = retry_delay(email.attempts)
    if delay is None:
        email.status = OutgoingEmail.Status.FAILED
        email.next_attempt_at = None
        logger.error("E-mail %s given up after %s attempts: %s", email.pk, email.attempts, error)
    else:
        email.next_attempt_at = clock.now() + delay
        logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, error)
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def _close(connection: Any) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a broken connection may fail to close; it is dropped either way
            logger.debug("closing the mail connection failed", exc_info=True)


def retry_now(emails: Any) -> int:
    """Put waiting or given-up e-mails back in line for the next run (the admin's action)."""
    count: int = emails.exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.PENDING, next_attempt_at=clock.now()
    )
    if count:
        queue_sending_on_commit()
    return count


# --- The daily e-mail --------------------------------------------------------------------------


def send_daily_digests() -> int:
    """Write one e-mail to each person who chose the daily e-mail, with their unread
    notifications since the last one. Runs hourly; does nothing before DIGEST_HOUR, and at most
    once a day per person. Returns the number of e-mails written to the outbox."""
    now = clock.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    start_of_today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    due = Q(email=EmailFrequency.DAILY, user__is_active=True) & (
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=start_of_today)
    )
    written = 0
    for user_id in NotificationPreference.objects.filter(due).values_list("user_id", flat=True):
        with transaction.atomic():
            preference = (
                NotificationPreference.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(due, user_id=user_id)
                .first()
            )
            if preference is None:  # another worker has it, or it changed meanwhile
                continue
            since = preference.last_digest_at or now - datetime.timedelta(days=1)
            if _write_digest(preference, since, now):
                written += 1
            preference.last_digest_at = now
            preference.save(update_fields=["last_digest_at"])
    return written


def _write_digest(preference: NotificationPreference, since: Any, now: Any) -> bool:
    user = preference.user
    unread = Notification.objects.filter(
        recipient_id=user.pk, read_at__isnull=True, created_at__gt=since, created_at__lte=now
    ).order_by("-created_at", "-id")
    items = list(unread[: DIGEST_MAX_ITEMS + 1])
    if not items or not user.email:
        return False
    more = unread.count() - DIGEST_MAX_ITEMS if len(items) > DIGEST_MAX_ITEMS else 0
    items = items[:DIGEST_MAX_ITEMS]
    with translation.override(language_of(user)):
        context = {
            "name": user.first_name or user.get_full_name(),
            "count": len(items) + more,
            "items": [
                {"title": n.title, "created_at": n.created_at, "link": absolute_url(open_url(n))}
                for n in items
            ],
            "more": more,
            "inbox_url": absolute_url(reverse("notifications:inbox")),
            "settings_url": absolute_url(reverse("notifications:preferences")),
        }
        message = render_email("digest", context)
    OutgoingEmail.objects.create(
        to=user.email, kind="digest", next_attempt_at=now, created_at=now, **message
    )
    queue_sending_on_commit()
    return True


def prune_sent_emails() -> int:
    """Delete e-mails sent more than KEEP_SENT_DAYS ago: the outbox is no archive. Given-up
    e-mails stay until someone looks at them in the admin."""
    before = clock.now() - datetime.timedelta(days=KEEP_SENT_DAYS)
    deleted, _per_model = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=before
    ).delete()
    return deleted
