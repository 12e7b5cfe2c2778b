"""notify(): one notification per person, in their language, written in the caller's
transaction together with the e-mails of those who want one now."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Role, User
from notifications import outbox
from notifications.models import EmailFrequency, Notification, NotificationPreference, OutgoingEmail
from notifications.services import (
    AddressMessage,
    Message,
    do_set_email_frequency,
    email_message,
    notify,
    notify_address,
    notify_addresses,
    notify_each,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_social_worker(social_worker: User) -> User:
    social_worker.preferred_language = "en"
    social_worker.save(update_fields=["preferred_language"])
    return social_worker


def test_it_renders_each_recipient_in_their_own_language(
    gp: User, english_social_worker: User
) -> None:
    notify(
        [gp, english_social_worker],
        kind="test",
        title=(_("Dear %(name)s,"), {"name": Role.SOCIAL_WORKER.label}),
        body=_("Welcome to ontschot"),
    )

    dutch = Notification.objects.get(recipient=gp)
    english = Notification.objects.get(recipient=english_social_worker)
    assert (dutch.title, dutch.body) == ("Beste sociaal werker,", "Welkom bij ontschot")
    assert (english.title, english.body) == ("Dear social worker,", "Welcome to ontschot")
    # The e-mail is in the same language, greeting included.
    assert "Beste Anouk," in email_message(OutgoingEmail.objects.get(to=gp.email))["body"]
    assert (
        "Dear Sem,"
        in email_message(OutgoingEmail.objects.get(to=english_social_worker.email))["body"]
    )


def test_a_callable_is_called_in_the_recipients_language(
    gp: User, english_social_worker: User
) -> None:
    def title() -> str:
        return ngettext(
            "%(count)d welcome e-mail queued.", "%(count)d welcome e-mails queued.", 2
        ) % {"count": 2}

    notify([gp, english_social_worker], kind="test", title=title)

    assert Notification.objects.get(recipient=gp).title == "2 welkomstmails klaargezet."
    assert (
        Notification.objects.get(recipient=english_social_worker).title
        == "2 welcome e-mails queued."
    )


def test_it_writes_in_the_callers_transaction_and_rolls_back_with_it(
    gp: User, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([gp], kind="test", title="Nieuwe verwijzing", url="/werkplek/")
        assert Notification.objects.count() == 1
        assert OutgoingEmail.objects.count() == 1
        raise RuntimeError("the business change fails")

    assert Notification.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert callbacks == []  # nothing is queued for sending


def test_it_costs_one_statement_whatever_the_number_of_recipients(
    gp: User, social_worker: User, editor: User, analyst: User, django_assert_num_queries
) -> None:
    """One prepared statement on PostgreSQL; elsewhere two inserts and a select."""
    people = [gp, social_worker, editor, analyst]
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 3):
        notifications = notify(people, kind="test", title="Iets nieuws", url="/werkplek/")

    assert [n.recipient for n in notifications] == people
    assert all(n.pk for n in notifications)
    assert OutgoingEmail.objects.count() == 4


def test_sending_is_queued_once_per_transaction(
    gp: User, social_worker: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        notify([gp], kind="test", title="Een")
        notify([social_worker], kind="test", title="Twee")
        notify_address("liaison@example.nl", title="Drie")

    assert len(callbacks) == 1


def test_each_person_is_notified_once_and_inactive_accounts_not_at_all(
    gp: User, social_worker: User
) -> None:
    social_worker.is_active = False
    social_worker.save(update_fields=["is_active"])

    notifications = notify([gp, gp, social_worker], kind="test", title="Een keer")

    assert [n.recipient_id for n in notifications] == [gp.pk]
    assert notify([social_worker], kind="test", title="Niemand") == []


def test_only_those_who_want_an_email_now_get_one(
    gp: User, social_worker: User, editor: User, resident_user: User
) -> None:
    do_set_email_frequency(EmailFrequency.DAILY, actor=social_worker)
    do_set_email_frequency(EmailFrequency.NEVER, actor=editor)

    notify([gp, social_worker, editor, resident_user], kind="test", title="Nieuw")

    assert Notification.objects.count() == 4  # everybody sees it on the website
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == sorted(
        [gp.email, resident_user.email]
    )


def test_someone_without_an_address_is_notified_on_the_website_only(
    gp: User, social_worker: User, resident_user: User
) -> None:
    resident_user.email = ""
    resident_user.save(update_fields=["email"])

    notify_each(
        [
            Message([gp, resident_user], kind="a", title="Voor allen"),
            Message([social_worker], kind="b", title="Apart"),
        ]
    )

    assert Notification.objects.count() == 3
    assert sorted(OutgoingEmail.objects.values_list("to", "kind")) == sorted(
        [(gp.email, "a"), (social_worker.email, "b")]
    )


def test_email_false_notifies_on_the_website_only(gp: User) -> None:
    notify([gp], kind="test", title="Alleen op de website", email=False)

    assert Notification.objects.count() == 1
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "werkplek/",
        "http:/evil.example",
        "/\t/evil.example/",
    ],
)
def test_a_link_to_another_site_is_refused(gp: User, url: str) -> None:
    with pytest.raises(ValueError):
        notify([gp], kind="test", title="Klik", url=url)
    with pytest.raises(ValueError):
        notify_address("someone@example.nl", title="Klik", url=url)
    assert Notification.objects.count() == 0


def test_the_email_links_through_the_notification_with_the_site_address(gp: User, settings) -> None:
    settings.SITE_BASE_URL = "https://ontschot.example"

    [notification] = notify([gp], kind="test", title="Nieuw", url="/werkplek/")

    email = OutgoingEmail.objects.get()
    message = email_message(email)
    assert message["subject"] == "Nieuw"
    assert f"https://ontschot.example/meldingen/{notification.pk}/" in message["body"]
    assert "https://ontschot.example/meldingen/instellingen/" in message["body"]
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.next_attempt_at is not None


def test_a_long_title_is_shortened_and_a_subject_stays_on_one_line(gp: User) -> None:
    notify([gp], kind="test", title="Lang " * 100 + "\neinde")

    notification = Notification.objects.get()
    assert len(notification.title) == 200
    assert notification.title.endswith("…")
    assert "\n" not in email_message(OutgoingEmail.objects.get())["subject"]


def test_notify_address_mails_someone_without_an_account(settings) -> None:
    settings.SITE_BASE_URL = "https://ontschot.example"

    email = notify_address(
        "liaison@example.nl",
        language="en",
        title=_("Welcome to ontschot"),
        body=(_("Dear %(name)s,"), {"name": "Fatima"}),
        url="/sociale-kaart/",
        kind="directory_check",
    )

    assert Notification.objects.count() == 0
    email.refresh_from_db()
    assert email.to == "liaison@example.nl"
    assert email.subject == "Welcome to ontschot"
    assert "Dear Fatima," in email.body
    assert "https://ontschot.example/sociale-kaart/" in email.body
    assert "/meldingen/instellingen/" not in email.body  # there is no setting to change


def test_notify_addresses_writes_each_in_its_language_in_one_statement() -> None:
    with CaptureQueriesContext(connection) as queries:
        emails = notify_addresses(
            [
                AddressMessage("een@example.nl", title=_("Welcome to ontschot"), kind="a"),
                AddressMessage(
                    "two@example.nl", title=_("Welcome to ontschot"), kind="b", language="en"
                ),
            ]
        )
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    stored = {
        e.to: (e.subject, e.kind)
        for e in OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails])
    }
    assert stored == {
        "een@example.nl": ("Welkom bij ontschot", "a"),
        "two@example.nl": ("Welcome to ontschot", "b"),
    }
    assert notify_addresses([]) == []


def test_notify_address_falls_back_to_dutch() -> None:
    email = notify_address("liaison@example.nl", language="xx", title=_("Welcome to ontschot"))

    assert email.subject == "Welkom bij ontschot"


def test_choosing_the_daily_email_starts_its_window_now(gp: User, clock) -> None:
    preference = do_set_email_frequency(EmailFrequency.DAILY, actor=gp)
    assert preference.last_digest_at == clock.now()

    with pytest.raises(ValueError):
        do_set_email_frequency("hourly", actor=gp)
    assert NotificationPreference.objects.get(user=gp).email == EmailFrequency.DAILY


def test_a_notification_email_is_rendered_when_sent_and_kept(
    gp: User, english_social_worker: User, settings
) -> None:
    """Nothing is rendered in the change's transaction; the worker renders the e-mail from the
    notification, in the recipient's language, and keeps what it sent."""
    settings.SITE_BASE_URL = "https://ontschot.example"
    notify(
        [gp, english_social_worker],
        kind="referral_status",
        title=(_("Dear %(name)s,"), {"name": "VW-000012"}),
        body=_("Welcome to ontschot"),
        url="/verwijzingen/12/",
    )
    waiting = OutgoingEmail.objects.get(to=english_social_worker.email)
    assert (waiting.subject, waiting.body) == ("", "")
    assert waiting.notification is not None
    assert waiting.notification.recipient == english_social_worker

    assert outbox.send_due_emails() == 2

    by_address = {message.to[0]: message for message in mail.outbox}
    english, dutch = by_address[english_social_worker.email], by_address[gp.email]
    assert english.subject == "Dear VW-000012,"
    assert "Dear Sem," in english.body and "Welcome to ontschot" in english.body
    assert f"https://ontschot.example/meldingen/{waiting.notification.pk}/" in english.body
    assert "https://ontschot.example/meldingen/instellingen/" in english.body
    assert dutch.subject == "Beste VW-000012,"
    assert "Beste Anouk," in dutch.body and "Welkom bij ontschot" in dutch.body
    waiting.refresh_from_db()
    assert waiting.status == OutgoingEmail.Status.SENT
    assert (waiting.subject, waiting.body) == (english.subject, english.body)  # as sent
    assert email_message(waiting) == {"subject": english.subject, "body": english.body}


def test_notify_each_gives_each_message_its_own_row_in_order(gp: User, social_worker: User) -> None:
    messages = [
        Message([gp], kind="a", title="Eerste voor Anouk"),
        Message([social_worker, gp], kind="b", title="Voor beiden"),
        Message([gp], kind="c", title="Tweede voor Anouk", url="/werkplek/"),
    ]
    notifications = notify_each(messages)

    stored = {n.pk: (n.recipient_id, n.kind, n.title, n.url) for n in Notification.objects.all()}
    assert [stored[n.pk] for n in notifications] == [
        (gp.pk, "a", "Eerste voor Anouk", ""),
        (social_worker.pk, "b", "Voor beiden", ""),
        (gp.pk, "b", "Voor beiden", ""),
        (gp.pk, "c", "Tweede voor Anouk", "/werkplek/"),
    ]
    emails = OutgoingEmail.objects.order_by("id")
    assert [(e.to, e.kind, e.notification_id) for e in emails] == [
        (n.recipient.email, n.kind, n.pk) for n in notifications
    ]
