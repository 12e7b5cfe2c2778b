"""The JSON shapes of /api/v1/referrals: what systems send, and what they get back.

Input serializers check types and references only; the texts are checked by the service
functions (core.text: length, markup), so the pages and the API refuse the same things with the
same messages.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization, User
from core import clock
from directory.models import Service
from referrals.models import (
    SHAREABLE_CATEGORIES,
    AgreedActivity,
    BusinessStatus,
    Deadline,
    EventKind,
    Kind,
    Outcome,
    Referral,
    ReferralEvent,
    Status,
    StatusReason,
    Urgency,
)
from residents.models import Resident

VERSION_HELP = "The version you last read; may instead be sent as the If-Match header."


class _ChoicesField(serializers.ChoiceField):
    text_choices: type[models.TextChoices]
    blank = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", self.blank)
        super().__init__(choices=self.text_choices.choices, **kwargs)


def _choice_field(
    choices: type[models.TextChoices], component: str, *, blank: bool = False
) -> type[_ChoicesField]:
    """A ChoiceField of one TextChoices, described once in the schema as `component` ("" among
    the values when it may be empty), so one choice set does not get a name per field."""
    values: list[str] = [*choices.values, ""] if blank else list(choices.values)
    field = type(f"{component}Field", (_ChoicesField,), {"text_choices": choices, "blank": blank})
    return extend_schema_field({"type": "string", "enum": values}, component_name=component)(field)


KindField = _choice_field(Kind, "ReferralKind")
UrgencyField = _choice_field(Urgency, "ReferralUrgency")
StatusField = _choice_field(Status, "ReferralStatus")
StatusOrBlankField = _choice_field(Status, "ReferralStatusOrBlank", blank=True)
StatusReasonField = _choice_field(StatusReason, "ReferralStatusReason", blank=True)
BusinessStatusField = _choice_field(BusinessStatus, "ReferralBusinessStatus", blank=True)
OutcomeField = _choice_field(Outcome, "ReferralOutcome", blank=True)
DeadlineField = _choice_field(Deadline, "ReferralDeadline", blank=True)
EventKindField = _choice_field(EventKind, "ReferralEventKind")


def _text(help_text: str = "", *, required: bool = False) -> serializers.CharField:
    """A plain-text field: checked by the service (length, no markup), not trimmed here."""
    if required:
        return serializers.CharField(allow_blank=True, trim_whitespace=False, help_text=help_text)
    return serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, default="", help_text=help_text
    )


def _service_by_id(value: Any) -> Service | None:
    if value is None:
        return None
    service = (
        Service.objects.select_related("organization__platform_organization")
        .filter(pk=value)
        .first()
    )
    if service is None:
        raise serializers.ValidationError(_("There is no service with this id in the directory."))
    return service


# --- what systems send -----------------------------------------------------------------------


class ConsentGivenSerializer(serializers.Serializer):
    given_verbally = serializers.BooleanField(
        default=False,
        help_text="The resident told you they agree to share this with the organisations that "
        "lack consent; it is recorded as a verbal consent (the resident is told and can revoke).",
    )


class ReferralCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField(
        required=False, min_value=1, help_text="The resident's id; may be left out with based_on"
    )
    service = serializers.UUIDField(
        required=False, allow_null=True, help_text="The service's id in the directory"
    )
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The receiving organisation's id, when referring to an organisation rather "
        "than one of its services",
    )
    kind = KindField(default=Kind.REFERRAL)
    reason = _text("The question or reason; for social prescribing the complaints", required=True)
    resident_wish = _text("What the resident wants, in their own words")
    urgency = UrgencyField(default=Urgency.ROUTINE)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SHAREABLE_CATEGORIES)),
        required=False,
        default=list,
        max_length=len(SHAREABLE_CATEGORIES),
        help_text="Data shared besides the referral itself",
    )
    household = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Referred from this household"
    )
    based_on = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Referred on from this referral"
    )
    consent = ConsentGivenSerializer(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        # Declared here: a class attribute `context` would hide Serializer.context.
        return {**super().get_fields(), "context": _text("Relevant context")}

    def validate_service(self, value: Any) -> Service | None:
        return _service_by_id(value)

    def validate_organization(self, value: int | None) -> Organization | None:
        if value is None:
            return None
        organization = Organization.objects.filter(pk=value, is_active=True).first()
        if organization is None:
            raise serializers.ValidationError(_("There is no active organisation with this id."))
        return organization

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("resident") is None and attrs.get("based_on") is None:
            raise serializers.ValidationError(
                {"resident": [_("Give the resident's id (or based_on, to refer on).")]}
            )
        service, organization = attrs.get("service"), attrs.get("organization")
        if service is None and organization is None:
            raise serializers.ValidationError(
                {"service": [_("Give the service (its directory id) or the organisation.")]}
            )
        if service is not None and organization is not None:
            raise serializers.ValidationError(
                {"organization": [_("Give either a service or an organisation, not both.")]}
            )
        return attrs


class TransitionSerializer(serializers.Serializer):
    status = StatusField(help_text="The new status")
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    reason = StatusReasonField(
        required=False,
        default="",
        help_text="Needed for rejected, cancelled, on-hold and failed",
    )
    note = _text("An explanation for the other side; with completed, the note on the outcome")
    outcome = OutcomeField(
        required=False,
        default="",
        help_text="Needed for completed",
    )


class FeedbackSerializer(serializers.Serializer):
    message = _text("Feedback, a question or an answer for the other side", required=True)


class FirstContactSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    on = serializers.DateField(
        required=False, allow_null=True, help_text="When; today when left out"
    )
    note = _text()


class AssignmentSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    assignee = serializers.IntegerField(
        allow_null=True,
        help_text="The user id of a colleague in a care role; null gives it back to the team",
    )


class ConversationSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="When; today when left out")
    note = _text("What was discussed", required=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("on", clock.today())
        return attrs


class ActivityCreateSerializer(serializers.Serializer):
    service = serializers.UUIDField(
        required=False, allow_null=True, help_text="The activity's service in the directory"
    )
    name = _text("The activity, when it is not in the directory")
    starts_on = serializers.DateField(required=False, allow_null=True)
    note = _text()

    def validate_service(self, value: Any) -> Service | None:
        return _service_by_id(value)


class InboxQuerySerializer(serializers.Serializer):
    box = serializers.ChoiceField(
        choices=[("in", "received"), ("out", "sent")], required=False, default="in"
    )
    status = serializers.ChoiceField(
        choices=["open", "closed", "all", *Status.values],
        required=False,
        default="open",
        help_text="open, closed, all, or one status",
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only those past the agreed response time"
    )
    mine = serializers.BooleanField(
        required=False, default=False, help_text="Only those assigned to you"
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=100_000, default=1)


# --- what systems get back -------------------------------------------------------------------


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.email


class ServiceRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(allow_null=True, help_text="null when it left the directory")
    name = serializers.CharField()


class ResidentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class ResidentOnReferralSerializer(ResidentRefSerializer):
    phone = serializers.SerializerMethodField(help_text="Only when contact details are shared")
    email = serializers.SerializerMethodField(help_text="Only when contact details are shared")

    def _shared(self) -> bool:
        return "contact_details" in self.context.get("shared_categories", ())

    def get_phone(self, resident: Resident) -> str | None:
        return resident.phone if self._shared() else None

    def get_email(self, resident: Resident) -> str | None:
        return resident.email if self._shared() else None


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    kind = EventKindField()
    actor_name = serializers.CharField()
    organization = OrganizationRefSerializer(allow_null=True)
    from_status = StatusOrBlankField()
    to_status = StatusOrBlankField()
    status_reason = StatusReasonField()
    business_status = BusinessStatusField()
    outcome = OutcomeField()
    note = serializers.CharField()
    happened_on = serializers.DateField(allow_null=True)


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    service = serializers.UUIDField(source="service_id", allow_null=True)
    name = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReferralRowSerializer(serializers.Serializer):
    """One row of an inbox or outbox."""

    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="The number people quote on the phone")
    kind = KindField()
    status = StatusField()
    business_status = BusinessStatusField()
    urgency = UrgencyField()
    resident = serializers.SerializerMethodField(
        help_text="null when the resident's consent does not (or no longer) allow it"
    )
    requester_organization = OrganizationRefSerializer()
    performer_organization = OrganizationRefSerializer()
    service = serializers.SerializerMethodField()
    owner = PersonRefSerializer(allow_null=True, help_text="Who handles it")
    authored_at = serializers.DateTimeField()
    requested_at = serializers.DateTimeField(allow_null=True)
    last_modified = serializers.DateTimeField()
    deadline = DeadlineField()
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(ResidentRefSerializer(allow_null=True))
    def get_resident(self, referral: Referral) -> dict[str, Any] | None:
        visible = self.context.get("visible_residents")
        if visible is not None and referral.resident_id not in visible:
            return None
        return dict(ResidentRefSerializer(referral.resident).data)

    @extend_schema_field(ServiceRefSerializer(allow_null=True))
    def get_service(self, referral: Referral) -> dict[str, Any] | None:
        if not referral.service_name:
            return None
        return {"id": referral.service_id, "name": referral.service_name}

    def get_overdue(self, referral: Referral) -> bool:
        return referral.due_on is not None and referral.due_on < clock.today()


class ReferralSerializer(ReferralRowSerializer):
    """One referral with its history and the activities agreed."""

    reason = serializers.CharField()
    resident_wish = serializers.CharField()
    shared_categories = serializers.ListField(child=serializers.CharField())
    status_reason = StatusReasonField()
    status_note = serializers.CharField()
    outcome = OutcomeField()
    outcome_note = serializers.CharField()
    requester = PersonRefSerializer(allow_null=True)
    requester_phone = serializers.CharField()
    requester_email = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    first_contact_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    receipt_in_time = serializers.BooleanField(allow_null=True)
    first_contact_in_time = serializers.BooleanField(allow_null=True)
    escalated_at = serializers.DateTimeField(allow_null=True)
    based_on = serializers.IntegerField(source="based_on_id", allow_null=True)
    referred_on = serializers.SerializerMethodField(help_text="Referrals made from this one")
    allowed_moves = serializers.SerializerMethodField(
        help_text="The statuses you may move it to now"
    )
    events = serializers.SerializerMethodField(help_text="The history, oldest first")
    activities = serializers.SerializerMethodField()

    def get_fields(self) -> dict[str, serializers.Field]:
        # Declared here: a class attribute `context` would hide Serializer.context.
        return {**super().get_fields(), "context": serializers.CharField()}

    @extend_schema_field(ResidentOnReferralSerializer)
    def get_resident(self, referral: Referral) -> dict[str, Any] | None:
        context = {"shared_categories": referral.shared_categories}
        return dict(ResidentOnReferralSerializer(referral.resident, context=context).data)

    def get_referred_on(self, referral: Referral) -> list[int]:
        return list(self.context.get("referred_on", []))

    @extend_schema_field(serializers.ListField(child=StatusField()))
    def get_allowed_moves(self, referral: Referral) -> list[str]:
        return list(self.context.get("allowed_moves", []))

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, referral: Referral) -> list[Any]:
        events: list[ReferralEvent] = self.context.get("events", [])
        return list(EventSerializer(events, many=True).data)

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, referral: Referral) -> list[Any]:
        activities: list[AgreedActivity] = self.context.get("activities", [])
        return list(ActivitySerializer(activities, many=True).data)


class TransitionAnswerSerializer(ReferralSerializer):
    """The referral after a transition: without its history unless asked for."""

    referred_on = serializers.ListField(  # type: ignore[assignment]
        child=serializers.IntegerField(),
        required=False,
        help_text="Referrals made from this one; only with ?include=history",
    )
    events = EventSerializer(  # type: ignore[assignment]
        many=True, required=False, help_text="The history, oldest first; only with ?include=history"
    )
    activities = ActivitySerializer(  # type: ignore[assignment]
        many=True, required=False, help_text="Only with ?include=history"
    )


class ReferralPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = ReferralRowSerializer(many=True)


# --- refusals --------------------------------------------------------------------------------


class ReferralErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.CharField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        # Declared here: a class attribute `errors` would hide Serializer.errors.
        errors = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Per field, what is wrong",
        )
        return {**super().get_fields(), "errors": errors}


class ChangedMeanwhileSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.CharField(help_text="changed_meanwhile")
    version = serializers.IntegerField(help_text="The current version")


class ConsentNeededSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.CharField(help_text="consent_needed")
    organizations = OrganizationRefSerializer(many=True, help_text="Lacking consent")
    categories = serializers.ListField(
        child=serializers.CharField(), help_text="The data categories the consent must cover"
    )
