"""The daily e-mail: one per person who chose it, with their unread notifications since the last."""

import datetime

import pytest
from django.core import mail

from accounts.models import User
from notifications import outbox
from notifications.models import EmailFrequency, Notification, NotificationPreference, OutgoingEmail
from notifications.services import do_mark_notification_read, do_set_email_frequency, notify

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def test_it_collects_the_days_notifications_in_one_email(
    gp: User, social_worker: User, editor: User, clock, settings
) -> None:
    settings.SITE_BASE_URL = "https://ontschot.example"
    do_set_email_frequency(EmailFrequency.DAILY, actor=gp)  # Wednesday 10:00
    do_set_email_frequency(EmailFrequency.NEVER, actor=editor)
    clock.advance(HOUR)
    first = notify([gp, social_worker, editor], kind="test", title="Eerste melding")[0]
    clock.advance(HOUR)
    [second] = notify([gp], kind="test", title="Tweede melding", url="/werkplek/")
    [read] = notify([gp], kind="test", title="Al gelezen")
    do_mark_notification_read(read, actor=gp)
    # Only the social worker, who wants every notification at once, has an e-mail so far.
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [social_worker.email]

    assert outbox.send_daily_digests() == 0  # gp had the (empty) start of the day already
    clock.advance(DAY)  # Thursday 12:00
    assert outbox.send_daily_digests() == 1
    assert outbox.send_daily_digests() == 0  # once a day

    digest = OutgoingEmail.objects.get(kind="digest")
    assert digest.to == gp.email
    assert "Eerste melding" in digest.body
    assert "Tweede melding" in digest.body
    assert "Al gelezen" not in digest.body  # already seen on the website
    assert f"https://ontschot.example/meldingen/{second.pk}/" in digest.body
    assert f"https://ontschot.example/meldingen/{first.pk}/" in digest.body
    assert "Beste Anouk," in digest.body

    outbox.send_due_emails()
    assert {m.to[0] for m in mail.outbox} == {gp.email, social_worker.email}


def test_the_next_digest_starts_where_the_last_ended(gp: User, clock) -> None:
    do_set_email_frequency(EmailFrequency.DAILY, actor=gp)
    clock.advance(HOUR)
    notify([gp], kind="test", title="Dag een")
    clock.advance(DAY)
    assert outbox.send_daily_digests() == 1
    clock.advance(HOUR)
    notify([gp], kind="test", title="Dag twee")
    clock.advance(DAY)

    assert outbox.send_daily_digests() == 1

    latest = OutgoingEmail.objects.filter(kind="digest").order_by("-id").first()
    assert latest is not None
    assert "Dag twee" in latest.body
    assert "Dag een" not in latest.body


def test_no_digest_without_new_notifications_or_before_seven(gp: User, clock) -> None:
    do_set_email_frequency(EmailFrequency.DAILY, actor=gp)
    clock.advance(DAY)
    assert outbox.send_daily_digests() == 0  # nothing new: no e-mail
    assert NotificationPreference.objects.get(user=gp).last_digest_at == clock.now()

    clock.advance(HOUR)
    notify([gp], kind="test", title="Nacht")
    clock.advance(DAY - 5 * HOUR)  # Friday 06:00 in Amsterdam
    assert outbox.send_daily_digests() == 0
    clock.advance(HOUR)  # 07:00
    assert outbox.send_daily_digests() == 1


def test_inactive_accounts_and_other_choices_get_no_digest(
    gp: User, social_worker: User, clock
) -> None:
    do_set_email_frequency(EmailFrequency.DAILY, actor=gp)
    do_set_email_frequency(EmailFrequency.DAILY, actor=social_worker)
    notify([gp, social_worker], kind="test", title="Nieuw")
    gp.is_active = False
    gp.save(update_fields=["is_active"])
    do_set_email_frequency(EmailFrequency.NEVER, actor=social_worker)
    clock.advance(DAY)

    assert outbox.send_daily_digests() == 0
    assert OutgoingEmail.objects.count() == 0
    assert Notification.objects.count() == 2


def test_a_long_digest_lists_fifty_and_counts_the_rest(gp: User, clock) -> None:
    do_set_email_frequency(EmailFrequency.DAILY, actor=gp)
    clock.advance(HOUR)
    for n in range(outbox.DIGEST_MAX_ITEMS + 3):
        notify([gp], kind="test", title=f"Melding {n}", email=False)
    clock.advance(DAY)

    outbox.send_daily_digests()

    digest = OutgoingEmail.objects.get()
    assert "Melding 52" in digest.body  # newest first
    assert "Melding 2\n" not in digest.body
    assert digest.body.count("/meldingen/") == outbox.DIGEST_MAX_ITEMS + 2  # + list, setting
    assert "53" in digest.subject
