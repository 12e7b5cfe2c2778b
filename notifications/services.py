"""Notifying people: the one function every other app calls, and the reader's own actions.

`notify` writes the in-app notifications and, for those who want it, the e-mails into the outbox,
inside the caller's transaction: a rolled-back change notifies nobody, and a committed one loses
no e-mail. Sending happens after commit (`notifications.outbox`, ADR 0012).

What goes into `title` and `body` is e-mailed as it is. Keep residents' details out of them
("A new referral for your team"), and let the link lead through the policy decision point.

Texts may be given as
- a string or a lazy translation string: `_("Your referral was accepted")`;
- a pair of a (lazy) string and its parameters, formatted after translation:
  `(_("%(organization)s accepted your referral"), {"organization": org.name})`; parameters
  that are lazy strings themselves (a choice's label) are translated too;
- a callable without arguments, called with the recipient's language active (for plurals:
  `lambda: ngettext("%(n)d new task", "%(n)d new tasks", n) % {"n": n}`).
Each is rendered once per language, in the language of each recipient.
"""

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from accounts.models import User
from core import clock, prepared
from notifications.models import EmailFrequency, Notification, NotificationPreference, OutgoingEmail

Text = str | Promise | tuple[str | Promise, Mapping[str, Any]] | Callable[[], str]

DEFAULT_LANGUAGE = "nl"
UNREAD_SHOWN_UP_TO = 99  # the header shows "99+" beyond this; counting stops there


# --- Texts in the recipient's language ---------------------------------------------------------


def render_text(text: Text) -> str:
    """The text in the active language."""
    if isinstance(text, tuple):
        template, params = text
        return str(template) % {
            key: str(value) if isinstance(value, Promise) else value
            for key, value in params.items()
        }
    if isinstance(text, str | Promise):
        return str(text)
    return str(text())


def language_of(user: User) -> str:
    language = getattr(user, "preferred_language", "") or DEFAULT_LANGUAGE
    return language if language in dict(settings.LANGUAGES) else DEFAULT_LANGUAGE


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_local_url(url: str) -> bool:
    """A path on this site ("/verwijzingen/12/"), never another site or a scheme."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None, require_https=False)
    )


def _check_url(url: str) -> None:
    if url and not is_local_url(url):
        raise ValueError(f"A notification links to a path on this site, not to {url!r}.")


# --- Writing notifications ---------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One notification for one or more people (see `notify`)."""

    recipients: Iterable[User]
    kind: str
    title: Text
    body: Text = ""
    url: str = ""


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each active recipient once, in their own language; e-mail those who want it now.

    Runs in the caller's transaction: one statement on PostgreSQL (notifications, e-mail
    settings and e-mails), else two INSERTs and a SELECT, whatever the number of recipients; the
    sending is queued when the transaction commits. `email=False` notifies in the application
    only. `url` is a path on this site; anything else raises ValueError.
    """
    return notify_each([Message(recipients, kind, title, body, url)], email=email)


def notify_each(messages: Sequence[Message], *, email: bool = True) -> list[Notification]:
    """Several different notifications with the same statement(s) as one (a round of reminders
    tells thousands of people each something of their own)."""
    now = clock.now()
    rows: list[Notification] = []
    for message in messages:
        _check_url(message.url)
        people: dict[int, User] = {}
        for user in message.recipients:
            if user.is_active and user.pk not in people:
                people[user.pk] = user
        texts: dict[str, tuple[str, str]] = {}
        for language in {language_of(user) for user in people.values()}:
            with translation.override(language):
                texts[language] = (
                    _shorten(render_text(message.title), 200).strip(),
                    render_text(message.body).strip(),
                )
        rows += [
            Notification(
                recipient=user,
                kind=message.kind,
                title=texts[language_of(user)][0],
                body=texts[language_of(user)][1],
                url=message.url,
                created_at=now,
            )
            for user in people.values()
        ]
    if not rows:
        return []
    connection = connections[router.db_for_write(Notification)]
    if connection.vendor == "postgresql":
        return _write_in_one_statement(connection, rows, now, email=email)
    with transaction.atomic(savepoint=False):
        notifications = Notification.objects.bulk_create(rows)
        if email:
            frequencies = _email_frequencies(list({n.recipient_id for n in notifications}))
            emails = [
                _notification_email(notification, now)
                for notification in notifications
                if frequencies.get(notification.recipient_id, EmailFrequency.IMMEDIATELY)
                == EmailFrequency.IMMEDIATELY
                and notification.recipient.email
            ]
            if emails:
                OutgoingEmail.objects.bulk_create(emails)
                queue_sending_on_commit()
    return notifications


@dataclass(frozen=True)
class AddressMessage:
    """An e-mail to someone without an account (see `notify_address`)."""

    email: str
    title: Text
    body: Text = ""
    url: str = ""
    kind: str = ""
    language: str = DEFAULT_LANGUAGE


def notify_address(
    email: str,
    *,
    language: str = DEFAULT_LANGUAGE,
    title: Text,
    body: Text = "",
    url: str = "",
    kind: str = "",
) -> OutgoingEmail:
    """E-mail someone without an account (a directory contact person), in `language`: no
    notification in the application, only the e-mail, through the same outbox."""
    [outgoing] = notify_addresses([AddressMessage(email, title, body, url, kind, language)])
    return outgoing


def notify_addresses(messages: Sequence[AddressMessage]) -> list[OutgoingEmail]:
    """Several `notify_address` e-mails in one INSERT (a reminder round escalates to a thousand
    organisations' addresses)."""
    now = clock.now()
    emails = [_address_email(message, now) for message in messages]
    if not emails:
        return []
    with transaction.atomic(savepoint=False):
        OutgoingEmail.objects.bulk_create(emails)
        queue_sending_on_commit()
    return emails


def _address_email(message: AddressMessage, now: Any) -> OutgoingEmail:
    _check_url(message.url)
    language = message.language
    if language not in dict(settings.LANGUAGES):
        language = DEFAULT_LANGUAGE
    with translation.override(language):
        rendered_title = _shorten(render_text(message.title), 200).strip()
        context = {
            "name": "",
            "title": rendered_title,
            "body": render_text(message.body).strip(),
            "link": f"{settings.SITE_BASE_URL}{message.url}" if message.url else "",
            "settings_url": "",
        }
        rendered = render_email("notification", context)
    return OutgoingEmail(
        to=message.email, kind=message.kind, next_attempt_at=now, created_at=now, **rendered
    )


def _email_frequencies(user_ids: list[int]) -> dict[int, str]:
    return dict(
        NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "email")
    )


# On PostgreSQL the notifications, the e-mail settings and the e-mails are one prepared statement
# (core.prepared), whatever the number of messages: a referral's change notifies on every
# request, and three statements built by the ORM cost more than the writing. The e-mails are
# those of the recipients with an address whose setting is (or defaults to) "immediately", as
# in the statements it replaces (below, for SQLite); rows come back in the order given. The
# addresses are one JSON object (user id → address) looked up per row, not a second unnest
# joined on the user: a prepared statement's generic plan guesses 10 rows for an unnest, and
# for a round's 5,000 notices it chose a nested loop over 25 million pairs (2.7 s instead of
# 60 ms; docs/performance.md, "Referrals", fifth round).
# Inside core.prepared.together() (a referral's change) the two CTEs join the change's other
# writes in one statement; the notifications' ids are set when that block ends.
_NOTIFY_CTES = """
notification_rows AS (
    INSERT INTO notifications_notification
        (recipient_id, kind, title, body, url, created_at, read_at)
    SELECT x.recipient_id, x.kind, x.title, x.body, x.url, %(notify_now)s, NULL
    FROM unnest(%(notify_recipients)s::bigint[], %(notify_kinds)s::text[],
        %(notify_titles)s::text[], %(notify_bodies)s::text[], %(notify_urls)s::text[])
        WITH ORDINALITY AS x(recipient_id, kind, title, body, url, i)
    ORDER BY x.i
    RETURNING id, recipient_id, kind
), notification_emails AS (
    INSERT INTO notifications_outgoingemail ("to", notification_id, subject, body, kind, status,
        created_at, attempts, next_attempt_at, sent_at, last_error)
    SELECT %(notify_addresses)s::jsonb ->> n.recipient_id::text, n.id, '', '', n.kind,
        'pending', %(notify_now)s, 0, %(notify_now)s, NULL, ''
    FROM notification_rows n
    LEFT JOIN notifications_notificationpreference p ON p.user_id = n.recipient_id
    WHERE %(notify_addresses)s::jsonb ? n.recipient_id::text
        AND COALESCE(p.email, 'immediately') = 'immediately'
    RETURNING 1
)"""
_NOTIFY_SQL = f"""WITH {_NOTIFY_CTES}
SELECT n.id, (SELECT count(*) FROM notification_emails) FROM notification_rows n
"""  # noqa: S608 - constant text
_NOTIFY_RESULTS = [
    "(SELECT array_agg(id ORDER BY id) FROM notification_rows)",
    "(SELECT count(*) FROM notification_emails)",
]


def _write_in_one_statement(
    connection: Any, rows: list[Notification], now: Any, *, email: bool
) -> list[Notification]:
    addresses = {n.recipient_id: n.recipient.email for n in rows if email and n.recipient.email}
    params = {
        "notify_now": now,
        "notify_recipients": [n.recipient_id for n in rows],
        "notify_kinds": [n.kind for n in rows],
        "notify_titles": [n.title for n in rows],
        "notify_bodies": [n.body for n in rows],
        "notify_urls": [n.url for n in rows],
        "notify_addresses": Jsonb(
            {str(user_id): address for user_id, address in addresses.items()}
        ),
    }

    def done(ids: Sequence[int], emails: int) -> None:
        for notification, pk in zip(rows, ids, strict=True):
            notification.pk = pk
            notification._state.adding = False
            notification._state.db = connection.alias
        if emails:
            queue_sending_on_commit()

    if prepared.defer(
        connection,
        ctes=_NOTIFY_CTES,
        results=_NOTIFY_RESULTS,
        params=params,
        done=lambda row: done(row[0], row[1]),
    ):
        return rows
    with prepared.prepared_cursor(connection) as cursor:
        cursor.execute(_NOTIFY_SQL, params)
        written = cursor.fetchall()
    done([pk for pk, _emails in written], written[0][1])
    return rows


def render_email(stem: str, context: dict[str, Any]) -> dict[str, str]:
    """Subject and body from templates/emails/<stem>_subject.txt and _body.txt (active language)."""
    subject = render_to_string(f"emails/{stem}_subject.txt", context)
    return {
        "subject": _shorten(" ".join(subject.split()), 255),
        "body": render_to_string(f"emails/{stem}_body.txt", context).strip() + "\n",
    }


def _notification_email(notification: Notification, now: Any) -> OutgoingEmail:
    """The e-mail of a notification, rendered when it is sent (`email_message`): rendering two
    templates in every change's transaction cost more than writing the row. Without an id for
    the notification (a database without RETURNING) it is rendered now."""
    user = notification.recipient
    email = OutgoingEmail(
        to=user.email, kind=notification.kind, next_attempt_at=now, created_at=now
    )
    if notification.pk is None:
        email.subject, email.body = _render_notification_email(notification).values()
    else:
        email.notification = notification
    return email


def _render_notification_email(notification: Notification) -> dict[str, str]:
    user = notification.recipient
    with translation.override(language_of(user)):
        context = {
            "name": user.first_name or user.get_full_name(),
            "title": notification.title,
            "body": notification.body,
            "link": absolute_url(open_url(notification)),
            "settings_url": absolute_url(reverse("notifications:preferences")),
        }
        return render_email("notification", context)


def email_message(email: OutgoingEmail) -> dict[str, str]:
    """The subject and body to send: as written, or for a notification's e-mail not yet sent,
    rendered now from the notification, in its recipient's language."""
    if email.notification_id is not None and not email.body:
        notification = email.notification
        assert notification is not None  # the e-mail goes when its notification goes (CASCADE)
        return _render_notification_email(notification)
    return {"subject": email.subject, "body": email.body}


def open_url(notification: Notification) -> str:
    """Through /meldingen/<id>/ (marks it read, then goes on) when the row has an id."""
    if notification.pk is None:  # a database without RETURNING: straight to the thing
        return notification.url or reverse("notifications:inbox")
    return reverse("notifications:open", args=[notification.pk])


def absolute_url(path: str) -> str:
    return f"{settings.SITE_BASE_URL.rstrip('/')}{path}"


# --- Sending after commit ----------------------------------------------------------------------


def queue_sending_on_commit() -> None:
    """Queue one "send what is due" task when the transaction commits (once per transaction,
    however many notify calls it made). A failure to queue never undoes the change: the
    scheduler runs the same task every minute."""
    from django.db import connection

    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _queue_sending for entry in pending):
        return
    transaction.on_commit(_queue_sending, robust=True)


# How long this process trusts that a run of the sending task it queued, or found queued, is
# still to come or busy. A run sends until the outbox has nothing due, so it takes the e-mails
# committed while it works too; looking for a queued run after every commit cost a query per
# change (docs/performance.md, "Referrals"). At worst an e-mail committed in the moment after a
# run found the outbox empty waits for the scheduler's run, within a minute.
QUEUED_TRUSTED_SECONDS = 1.0


@dataclass
class _QueuedSending:
    seen_at: float | None = None  # time.monotonic() when a queued run was made or seen

    def trusted(self, now: float) -> bool:
        return self.seen_at is not None and now - self.seen_at < QUEUED_TRUSTED_SECONDS

    def forget(self) -> None:
        """Look again at the next commit (tests: each starts with an empty task table)."""
        self.seen_at = None


queued_sending = _QueuedSending()


def _queue_sending() -> None:
    from notifications.tasks import send_due_emails

    now = time.monotonic()
    if queued_sending.trusted(now):
        return
    if not _sending_already_queued(send_due_emails):
        send_due_emails.enqueue()
    queued_sending.seen_at = now


def _sending_already_queued(task: Any) -> bool:
    """A queued run that has not started yet will see the e-mails just committed."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()


# --- The reader's own actions ------------------------------------------------------------------


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def access_notification_by_id(user: User, notification_id: int) -> Notification:
    """The user's own notification; anyone else's does not exist for them (404)."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise Http404(_("This notification does not exist."))
    return notification


def do_mark_notification_read(notification: Notification, *, actor: User) -> None:
    if notification.recipient_id != actor.pk:
        raise Http404(_("This notification does not exist."))
    if notification.read_at is not None:
        return
    notification.read_at = clock.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=notification.read_at
    )


def do_mark_all_notifications_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=clock.now()
    )


def unread_count(user: User) -> int:
    """Unread notifications, counted up to UNREAD_SHOWN_UP_TO + 1: one query on a small index."""
    return (
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .order_by()
        .values("pk")[: UNREAD_SHOWN_UP_TO + 1]
        .count()
    )


@dataclass
class UnreadBadge:
    """For the header: counts only when a template asks, and only once."""

    user: User

    @cached_property
    def count(self) -> int:
        return unread_count(self.user)

    @cached_property
    def label(self) -> str:
        return f"{UNREAD_SHOWN_UP_TO}+" if self.count > UNREAD_SHOWN_UP_TO else str(self.count)


def email_frequency_of(user: User) -> str:
    preference = NotificationPreference.objects.filter(user_id=user.pk).first()
    return preference.email if preference else EmailFrequency.IMMEDIATELY


def do_set_email_frequency(frequency: str, *, actor: User) -> NotificationPreference:
    """Choose how to hear of notifications. Choosing the daily e-mail starts its window now, so
    what was already e-mailed one by one is not sent again."""
    if frequency not in EmailFrequency.values:
        raise ValueError(f"Unknown e-mail frequency {frequency!r}.")
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
            user=actor
        )
        if frequency == EmailFrequency.DAILY and preference.email != EmailFrequency.DAILY:
            preference.last_digest_at = clock.now()
        preference.email = frequency
        preference.save()
    return preference
