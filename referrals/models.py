"""Referrals: a FHIR ServiceRequest (what is asked, for whom, by whom, to whom) and the Task that
tracks its fulfilment, as in the HL7 Gravity SDOH Clinical Care referral pattern (STU3).

One `Referral` row holds both resources, because the pattern always pairs exactly one Task with
one ServiceRequest; every column maps onto one FHIR element (see referrals/fhir.py), so the FHIR
API is a translation. `ReferralEvent` is the Task's history: who changed what, when.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.models import DataCategory


class Kind(models.TextChoices):  # ServiceRequest.category
    REFERRAL = "referral", _("referral")
    SOCIAL_PRESCRIPTION = "social_prescription", _("social prescription (welzijn op recept)")


class Urgency(models.TextChoices):  # ServiceRequest.priority (request-priority)
    ROUTINE = "routine", _("normal")
    URGENT = "urgent", _("urgent")
    ASAP = "asap", _("as soon as possible")


class Status(models.TextChoices):
    """Task.status, from the Gravity SDOHCC referral task status value set."""

    DRAFT = "draft", _("draft")
    REQUESTED = "requested", _("sent")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    IN_PROGRESS = "in-progress", _("in progress")
    ON_HOLD = "on-hold", _("on hold")
    FAILED = "failed", _("failed")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    ENTERED_IN_ERROR = "entered-in-error", _("entered in error")


class StatusReason(models.TextChoices):  # Task.statusReason (local codes)
    OUTSIDE_TARGET_GROUP = "outside_target_group", _("outside the target group")
    NO_CAPACITY = "no_capacity", _("no capacity")
    WAITING_LIST = "waiting_list", _("waiting list")
    RESIDENT_DECLINED = "resident_declined", _("the resident declined")
    COULD_NOT_CONTACT = "could_not_contact", _("could not contact the resident")
    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("referred elsewhere")
    OTHER = "other", _("other reason")


class BusinessStatus(models.TextChoices):  # Task.businessStatus (the steps the IG leaves local)
    RECEIVED = "received", _("received")
    FIRST_CONTACT = "first_contact", _("first contact made")
    WAITING_LIST = "waiting_list", _("on the waiting list")
    ACTIVITY_STARTED = "activity_started", _("activity started")


class Outcome(models.TextChoices):  # Task.output at completion
    GOAL_REACHED = "goal_reached", _("goal reached")
    PARTLY_REACHED = "partly_reached", _("goal partly reached")
    NOT_REACHED = "not_reached", _("goal not reached")
    REFERRED_ON = "referred_on", _("referred on")


class Deadline(models.TextChoices):
    """Which agreed response time runs now."""

    RECEIPT = "receipt", _("confirm receipt")
    FIRST_CONTACT = "first_contact", _("make first contact")


OPEN_STATUSES = (Status.REQUESTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD)
CLOSED_STATUSES = (
    Status.REJECTED,
    Status.FAILED,
    Status.COMPLETED,
    Status.CANCELLED,
    Status.ENTERED_IN_ERROR,
)
# The data categories a referral may carry besides the referral itself.
SHAREABLE_CATEGORIES = (
    DataCategory.CONTACT_DETAILS,
    DataCategory.PLAN,
    DataCategory.ASSESSMENTS,
    DataCategory.NOTES,
)


def reference_of(pk: int) -> str:
    """The number people quote on the phone: VW-000123."""
    return f"VW-{pk:06d}"


class ResponseAgreement(models.Model):
    """The response times a receiving organisation agreed to, in working days."""

    organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="response_agreement",
        verbose_name=_("organisation"),
    )
    receipt_days = models.PositiveSmallIntegerField(_("confirm receipt within (working days)"))
    first_contact_days = models.PositiveSmallIntegerField(_("first contact within (working days)"))
    escalation_days = models.PositiveSmallIntegerField(
        _("escalate after a reminder within (working days)"), default=1
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person for referrals"),
    )
    updated_at = models.DateTimeField(_("changed"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("response agreement")
        verbose_name_plural = _("response agreements")

    def __str__(self) -> str:
        return str(self.organization)


def _indexes_where_set(prefix: str, *names: str) -> list[models.Index]:
    """An index per (nullable) foreign key that holds only the rows where it is set, named
    `prefix` + the field's name."""
    return [
        models.Index(
            fields=[name], name=f"{prefix}{name}", condition=models.Q(**{f"{name}__isnull": False})
        )
        for name in names
    ]


class Referral(models.Model):
    # --- ServiceRequest ---
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.REFERRAL)
    # The three foreign keys below have no index of their own: the composite indexes in Meta
    # start with them, and every transition would otherwise write three more index entries.
    resident = models.ForeignKey(  # ServiceRequest.subject, Task.for
        "residents.Resident",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("resident"),
        db_index=False,
    )
    household = models.ForeignKey(  # an extension: referred from the household's file
        "residents.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("household"),
        db_index=False,  # ref_household, only where set
    )
    requester = models.ForeignKey(  # ServiceRequest.requester (PractitionerRole: user + org)
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals_sent",
        verbose_name=_("referred by"),
    )
    requester_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referring organisation"),
        db_index=False,
    )
    requester_phone = models.CharField(_("referrer's phone"), max_length=30, blank=True)
    requester_email = models.EmailField(_("referrer's e-mail"), blank=True)
    service = models.ForeignKey(  # ServiceRequest.performer (HealthcareService)
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service"),
    )
    service_name = models.CharField(_("service"), max_length=255, blank=True)
    performer_organization = models.ForeignKey(  # Task.owner (Organization)
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving organisation"),
        db_index=False,
    )
    reason = models.TextField(_("question or reason"))  # ServiceRequest.reasonCode.text
    resident_wish = models.TextField(_("the resident's wish, in their words"), blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    shared_categories = models.JSONField(_("data shared"), default=list)  # supportingInfo
    context = models.TextField(_("relevant context"), blank=True)
    consent = models.ForeignKey(  # ServiceRequest.supportingInfo → Consent
        "privacy.Consent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent relied on"),
    )
    based_on = models.ForeignKey(  # ServiceRequest.basedOn: referred on from this referral
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_on",
        verbose_name=_("referred on from"),
        db_index=False,  # ref_based_on, only where set
    )
    # --- Task ---
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_reason = models.CharField(
        _("reason"), max_length=30, choices=StatusReason.choices, blank=True
    )
    status_note = models.TextField(_("explanation"), blank=True)
    business_status = models.CharField(
        _("step"), max_length=20, choices=BusinessStatus.choices, blank=True
    )
    owner = models.ForeignKey(  # Task.owner (Practitioner): the person who handles it
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_assigned",
        verbose_name=_("handled by"),
        db_index=False,  # ref_owner, only where set
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    authored_at = models.DateTimeField(_("created"))  # Task.authoredOn
    requested_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_modified = models.DateTimeField(_("last changed"))  # Task.lastModified
    # --- Agreed response times (Task.restriction.period): the deadline that runs now ---
    deadline = models.CharField(
        _("waiting for"), max_length=20, choices=Deadline.choices, blank=True
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    receipt_in_time = models.BooleanField(_("received in time"), null=True)
    first_contact_in_time = models.BooleanField(_("first contact in time"), null=True)
    # When the reminder task must look at it next (null: nothing to chase), and how far it went.
    check_on = models.DateField(null=True, blank=True, editable=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # Optimistic locking: every change increments it; a change based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-authored_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes: ClassVar = [
            models.Index(
                fields=["performer_organization", "status", "-authored_at"], name="ref_inbox"
            ),
            models.Index(
                fields=["requester_organization", "status", "-authored_at"], name="ref_outbox"
            ),
            models.Index(fields=["resident", "-authored_at"], name="ref_resident"),
            models.Index(
                fields=["check_on"],
                name="ref_check_on",
                condition=models.Q(check_on__isnull=False),
            ),
            # Most referrals have no household, are not referred on and wait unassigned: an
            # index of only the rows that have one is not written when a change or the reminder
            # round updates the others (docs/performance.md, "Referrals", fifth round). Lookups
            # by a value (`household_id = x`, the cascades) use it as before.
            *_indexes_where_set("ref_", "household", "based_on", "owner"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number people quote on the phone."""
        return reference_of(self.pk) if self.pk else "VW-?"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_social_prescription(self) -> bool:
        return self.kind == Kind.SOCIAL_PRESCRIPTION


class EventKind(models.TextChoices):
    CREATED = "created", _("created")
    STATUS = "status", _("status changed")
    STEP = "step", _("step")
    ASSIGNED = "assigned", _("assigned")
    FEEDBACK = "feedback", _("feedback")
    CONVERSATION = "conversation", _("conversation")
    ACTIVITY = "activity", _("activity agreed")
    REMINDER = "reminder", _("reminder sent")
    ESCALATION = "escalation", _("escalated")


class ReferralEvent(models.Model):
    """One entry of the Task's history; what the referrer is told comes from here."""

    referral = models.ForeignKey(  # indexed by ref_event_time, which starts with it
        Referral, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    at = models.DateTimeField(_("when"))
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        db_index=False,  # ref_event_actor, only where set
    )
    actor_name = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for"),
        db_index=False,  # ref_event_organization, only where set
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_reason = models.CharField(max_length=30, choices=StatusReason.choices, blank=True)
    business_status = models.CharField(max_length=20, choices=BusinessStatus.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    happened_on = models.DateField(_("date"), null=True, blank=True)  # of a conversation

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        indexes: ClassVar = [
            models.Index(fields=["referral", "at"], name="ref_event_time"),
            # The reminder round's events have no actor: they skip these two indexes.
            *_indexes_where_set("ref_event_", "actor", "organization"),
        ]

    def __str__(self) -> str:
        return f"{self.referral} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class AgreedActivity(models.Model):
    """Social prescribing: an activity the resident and the coach agreed on, from the directory."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="activities")
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    name = models.CharField(_("activity"), max_length=255)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("agreed activity")
        verbose_name_plural = _("agreed activities")

    def __str__(self) -> str:
        return self.name


class IdempotentRequest(models.Model):
    """An API creation done under an `Idempotency-Key`: a repeat gets the same answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # sha256 of the request body
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organization", "key"], name="unique_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
