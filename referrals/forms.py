from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import DataCategory
from referrals.models import SHAREABLE_CATEGORIES, Kind, Outcome, Status, StatusReason, Urgency
from referrals.services import MAX_NOTE, MAX_TEXT

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REFERRAL)
    reason = forms.CharField(
        label=_("Question or reason"),
        help_text=_(
            "What do you ask the other organisation? For welzijn op recept: the complaints."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    resident_wish = forms.CharField(
        label=_("What the resident wants, in their own words"),
        help_text=_("For welzijn op recept: what matters to the resident."),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE
    )
    categories = forms.MultipleChoiceField(
        label=_("Also share"),
        help_text=_("The referral itself is always shared. Share no more than the receiver needs."),
        choices=[(c, DataCategory(c).label) for c in SHAREABLE_CATEGORIES],
        initial=[DataCategory.CONTACT_DETAILS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    context = forms.CharField(
        label=_("Relevant context"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given = forms.BooleanField(required=False)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.ChoiceField(
        label=_("Reason"),
        help_text=_("Needed when you reject, cancel, put on hold or close as failed."),
        choices=[("", "—"), *StatusReason.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        help_text=_("Needed when you close the referral as completed."),
        choices=[("", "—"), *Outcome.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Explanation for the referrer"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, moves: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if moves is not None:
            status_field = self.fields["status"]
            assert isinstance(status_field, forms.ChoiceField)
            status_field.choices = [(m, Status(m).label) for m in moves]


class FirstContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date of the first contact"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FeedbackForm(forms.Form):
    note = forms.CharField(
        label=_("Message"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Any id is accepted here; the service checks it is a colleague in a care role.
    assignee = forms.IntegerField(label=_("Handled by"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].widget.choices = [("", _("nobody yet")), *people]


class ConversationForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("What was discussed"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActivityForm(forms.Form):
    service = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Activity"), max_length=255, required=False)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResponseAgreementForm(forms.Form):
    receipt_days = forms.IntegerField(
        label=_("Confirm receipt within (working days)"), min_value=1, max_value=60
    )
    first_contact_days = forms.IntegerField(
        label=_("First contact within (working days)"),
        help_text=_("Counted from the day the referral was sent."),
        min_value=1,
        max_value=60,
    )
    escalation_days = forms.IntegerField(
        label=_("Escalate when a reminder gets no answer within (working days)"),
        min_value=1,
        max_value=20,
    )
    contact_person = forms.IntegerField(
        label=_("Contact person for referrals"),
        help_text=_("Receives new referrals and escalations. Without one, all care colleagues do."),
        required=False,
        widget=forms.Select,
    )

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].widget.choices = [("", _("nobody in particular")), *people]
