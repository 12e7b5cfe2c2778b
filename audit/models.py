"""The access log: one row per decision of the policy decision point, never changed or removed.

No foreign keys: deleting a user, an organisation or a resident can never cascade into the log or
null a column of it. Names are snapshots taken when the entry was written.
"""

from typing import Any, ClassVar, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An entry of the access log was about to be changed or removed."""


class DataCategory(models.TextChoices):
    CONTACT_DETAILS = "contact_details", _("contact details")
    REFERRALS = "referrals", _("referrals and feedback")
    PLAN = "plan", _("plan")
    ASSESSMENTS = "assessments", _("assessments")
    NOTES = "notes", _("notes")
    AUDIT = "audit", _("access log")


def category_labels(codes: list[str]) -> list[str]:
    """The names of these data categories in the active language (unknown codes are left out)."""
    return [str(DataCategory(code).label) for code in codes if code in DataCategory.values]


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("referral")
    CARE_COORDINATION = "care_coordination", _("care coordination")
    CASE_CONFERENCE = "case_conference", _("case conference")
    OUTCOME_MEASUREMENT = "outcome_measurement", _("outcome measurement")
    OWN_DATA = "own_data", _("own data")
    PRIVACY_REVIEW = "privacy_review", _("privacy review")
    EMERGENCY = "emergency", _("emergency")
    ADMINISTRATION = "administration", _("administration")


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class ActorKind(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    RESIDENT = "resident", _("resident")
    SYSTEM = "system", _("system")


class Channel(models.TextChoices):
    PAGE = "page", _("page")
    API = "api", _("API")
    EXPORT = "export", _("export")
    COMMAND = "command", _("command")
    FHIR = "fhir", _("FHIR")
    TASK = "task", _("background task")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads only: no bulk update, delete or insert around `audit.services.record`."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Entries of the access log cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Entries of the access log cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Entries of the access log cannot be changed.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Entries are written one at a time by audit.services.record.")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Entries of the access log cannot be changed.")


class AuditEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("when"))
    actor_id = models.IntegerField(_("actor (user id)"), null=True, blank=True)
    actor_name = models.TextField(_("actor"), blank=True)
    actor_kind = models.CharField(_("kind of actor"), max_length=20, choices=ActorKind.choices)
    organization_id = models.IntegerField(_("organisation (id)"), null=True, blank=True)
    organization_name = models.TextField(_("on behalf of"), blank=True)
    resident_id = models.IntegerField(_("resident (id)"), null=True, blank=True)
    records = models.JSONField(_("records"), default=list)
    categories = models.JSONField(_("data categories"), default=list)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    basis = models.TextField(_("basis"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects: ClassVar[AuditEntryQuerySet] = AuditEntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-id"]
        default_permissions = ("view",)
        indexes = [
            # The resident's "who looked at my data", newest first, keyset on (at, id).
            models.Index(fields=["resident_id", "-at", "-id"], name="audit_resident_at_idx")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(
            "Entries of the access log are written only by audit.services.record and never changed."
        )

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Entries of the access log cannot be deleted.")

    def category_labels(self) -> list[str]:
        return category_labels(self.categories)
