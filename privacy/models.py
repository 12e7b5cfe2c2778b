"""Consent (aligned with FHIR R4 Consent), the Dutch rules for minors as data, and break-glass access.

Nothing here decides access by itself: `privacy.policy` reads these rows on every request.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import DataCategory, Purpose, category_labels

# What a consent can cover and be for; the access log's categories also hold "audit".
CONSENT_CATEGORIES = [c for c in DataCategory if c != DataCategory.AUDIT]
CONSENT_PURPOSES = [
    Purpose.REFERRAL,
    Purpose.CARE_COORDINATION,
    Purpose.CASE_CONFERENCE,
    Purpose.OUTCOME_MEASUREMENT,
]


class ConsentRule(models.Model):
    """Who has to give consent for a resident of a given age (Dutch law, kept as data).

    Defaults (migration 0002): under 12 the parents or guardian; 12 to 15 the parent and the child
    together; from 16 the young person alone. An adult with a guardian (curator) or mentor:
    the representative.
    """

    class Givers(models.TextChoices):
        REPRESENTATIVE = "representative", _("the parent or legal representative")
        BOTH = "both", _("the child and the parent together")
        RESIDENT = "resident", _("the resident")

    minimum_age = models.PositiveSmallIntegerField(_("from age"))
    maximum_age = models.PositiveSmallIntegerField(_("up to and including age"), null=True)
    givers = models.CharField(_("who gives consent"), max_length=20, choices=Givers.choices)

    class Meta:
        ordering = ["minimum_age"]
        verbose_name = _("consent rule")
        verbose_name_plural = _("consent rules")

    def __str__(self) -> str:
        return f"{self.minimum_age}–{self.maximum_age or ''}: {self.get_givers_display()}"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self, moment: datetime.datetime | None = None) -> "ConsentQuerySet":
        """Active, started, not ended and not revoked at this moment."""
        moment = moment or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=moment),
            status=Consent.Status.ACTIVE,
            starts_at__lte=moment,
            revoked_at__isnull=True,
        )


class Consent(models.Model):
    """A resident's permission for one organisation (or their care team) to use data for a purpose.

    Maps one-to-one onto a FHIR R4 Consent (`privacy.fhir.consent_resource`): status, patient,
    dateTime, performer (who gave it), organization (who recorded it), provision.period,
    provision.actor (the recipient), provision.purpose and provision.class (the data categories).
    """

    class Status(models.TextChoices):  # FHIR consent-state-codes
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("revoked or ended")
        ENTERED_IN_ERROR = "entered-in-error", _("entered in error")

    class Method(models.TextChoices):
        PORTAL = "portal", _("by the resident in the portal")
        VERBAL = "verbal", _("verbally to a professional, who recorded it")

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("resident"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("organisation"),
    )
    care_team = models.BooleanField(
        _("the whole care team"),
        default=False,
        help_text=_("Every organisation that is in the resident's care team at the time."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=30, choices=[(p.value, p.label) for p in CONSENT_PURPOSES]
    )
    categories = models.JSONField(_("data categories"), default=list)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    method = models.CharField(_("given"), max_length=10, choices=Method.choices)
    given_by_resident = models.BooleanField(_("given by the resident"), default=True)
    given_by_representative = models.ForeignKey(
        "residents.LegalRepresentative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_given",
        verbose_name=_("given by the representative"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents_recorded",
        verbose_name=_("recorded by"),
    )
    recorded_for = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_recorded",
        verbose_name=_("recorded on behalf of"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_revoked",
        verbose_name=_("revoked by"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["resident", "status", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(care_team=True),
                name="consent_has_a_recipient",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="consent_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        recipient = self.organization or _("care team")
        return f"{self.resident} → {recipient}: {self.get_purpose_display()}"

    def category_labels(self) -> list[str]:
        return category_labels(self.categories)


class BreakGlassAccess(models.Model):
    """Emergency access without consent: a reason, a short time, and a review afterwards."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
        verbose_name=_("professional"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
        verbose_name=_("organisation"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="break_glass_accesses",
        verbose_name=_("resident"),
    )
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="break_glass_reviews",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("review"), blank=True)
    justified = models.BooleanField(_("justified"), null=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")

    def __str__(self) -> str:
        return f"{self.user} → {self.resident} ({self.starts_at:%Y-%m-%d %H:%M})"


class RetentionRule(models.Model):
    """How long data of a category are kept after the last involvement, and what happens then.

    Seeded in migration 0004; `privacy.retention` applies them daily (run_scheduler). Categories
    whose data arrive with later capabilities (referrals, plans, assessments, notes) get their
    handler there; a rule without a handler does nothing yet.
    """

    class Method(models.TextChoices):
        ANONYMISE = "anonymise", _("anonymise")
        DELETE = "delete", _("delete")

    category = models.CharField(
        _("data category"),
        max_length=30,
        unique=True,
        choices=[(c.value, c.label) for c in CONSENT_CATEGORIES],
    )
    keep_for_days = models.PositiveIntegerField(_("keep for (days)"))
    method = models.CharField(_("then"), max_length=10, choices=Method.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        ordering = ["category"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.keep_for_days} d, {self.get_method_display()}"


class DataRequest(models.Model):
    """A resident's request to see, correct or erase data, tracked to an answer within the
    legal term (one month, AVG art. 12(3))."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("see what is kept about me")
        CORRECTION = "correction", _("correct something")
        ERASURE = "erasure", _("erase my data")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused, with reasons")

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="data_requests",
        verbose_name=_("resident"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="data_requests",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what it is about"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_requests_answered",
        verbose_name=_("answered by"),
    )
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")

    def __str__(self) -> str:
        return f"{self.resident} — {self.get_kind_display()} ({self.organization})"

    def is_overdue(self, day: datetime.date) -> bool:
        return self.status == self.Status.OPEN and day > self.due_on
