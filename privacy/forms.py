import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from privacy.models import CONSENT_CATEGORIES, CONSENT_PURPOSES, DataRequest
from residents.models import LegalRepresentative

PURPOSE_CHOICES = [(p.value, p.label) for p in CONSENT_PURPOSES]
CATEGORY_CHOICES = [(c.value, c.label) for c in CONSENT_CATEGORIES]


class ConsentFields(forms.Form):
    purpose = forms.ChoiceField(label=_("What for"), choices=PURPOSE_CHOICES)
    categories = forms.MultipleChoiceField(
        label=_("Which data"), choices=CATEGORY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    ends_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Without an end date the consent lasts until it is withdrawn."),
    )

    def clean_ends_on(self) -> datetime.date | None:
        ends_on: datetime.date | None = self.cleaned_data["ends_on"]
        if ends_on is not None and ends_on <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return ends_on

    def ends_at(self) -> datetime.datetime | None:
        ends_on = self.cleaned_data["ends_on"]
        if ends_on is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(ends_on, datetime.time.min))


class RecordConsentForm(ConsentFields):
    """A professional writes down the consent the resident (or their parent) gives them."""

    field_order = ["recipient", "purpose", "categories", "ends_on", "given_by_resident"]
    recipient = forms.ChoiceField(
        label=_("Who receives the consent"),
        widget=forms.RadioSelect,
        choices=[
            ("organization", _("My organisation")),
            ("care_team", _("Everyone in the resident's care team")),
        ],
        initial="organization",
    )
    given_by_resident = forms.BooleanField(
        label=_("The resident gave this consent themself"), required=False, initial=True
    )
    representative = forms.ModelChoiceField(
        label=_("Given by the parent or legal representative"),
        queryset=LegalRepresentative.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, representatives: list[LegalRepresentative], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["representative"]
        field.queryset = LegalRepresentative.objects.filter(  # type: ignore[attr-defined]
            pk__in=[r.pk for r in representatives]
        )
        if not representatives:
            del self.fields["representative"]


class PortalConsentForm(ConsentFields):
    """The resident gives consent in the portal."""

    field_order = ["organization", "purpose", "categories", "ends_on"]
    organization = forms.ModelChoiceField(
        label=_("To which organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Everyone in my care team"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the emergency?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=20,
        max_length=2000,
        help_text=_("The resident and the privacy officer read this."),
    )


class ReviewForm(forms.Form):
    justified = forms.TypedChoiceField(
        label=_("Was the emergency access justified?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask?"), choices=DataRequest.Kind.choices, widget=forms.RadioSelect
    )
    organization = forms.ModelChoiceField(
        label=_("To which organisation"), queryset=Organization.objects.none()
    )
    description = forms.CharField(
        label=_("What is it about?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("For example: which information is wrong, and what it should be."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (DataRequest.Status.DONE, DataRequest.Status.DONE.label),
            (DataRequest.Status.REFUSED, DataRequest.Status.REFUSED.label),
        ],
    )
    answer = forms.CharField(
        label=_("Answer to the resident"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_(
            "In plain words. For erasure: say what was erased, and what the law makes the "
            "organisation keep and for how long."
        ),
    )
