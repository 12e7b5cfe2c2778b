"""Notifications in the application, how each person wants to hear of them by e-mail, and the
outbox of e-mails waiting to be sent (ADR 0012)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import clock


class Notification(models.Model):
    """One message to one person, in their language, shown on /meldingen/."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,  # the indexes below start with the recipient
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The unread count in the header and "mark all read": small, only unread rows.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("An e-mail for every notification")
    DAILY = "daily", _("One e-mail a day with all new notifications")
    NEVER = "never", _("No e-mail. I look on the website myself")


class NotificationPreference(models.Model):
    """How a person wants to hear of notifications. No row means: an e-mail for every one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email = models.CharField(
        _("e-mail"),
        max_length=20,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
        db_index=True,
    )
    # The daily e-mail covers the notifications after this moment.
    last_digest_at = models.DateTimeField(_("last daily e-mail"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"


class OutgoingEmail(models.Model):
    """An e-mail written in the same transaction as the change it is about, sent after commit by
    `notifications.outbox.send_due_emails`; retried with a growing pause when sending fails.

    The e-mail of a notification is rendered when it is sent, from the notification and its
    recipient (`notifications.services.email_message`), and its subject and body are kept then;
    until that moment they are empty. Other e-mails (the daily e-mail, to an address without an
    account) are written rendered.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, no more attempts")

    to = models.EmailField(_("to"), max_length=254)
    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,  # an account that is erased takes its unsent e-mails along
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("notification"),
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # "What is due": only the waiting rows are in it.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outgoing_email_due_idx",
            ),
            models.Index(fields=["status", "created_at"], name="outgoing_email_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
