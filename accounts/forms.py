import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization


class OrganizationContactForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.nl"),
    )

    class Meta:
        model = Organization
        fields = ["email", "phone", "website", "description"]
        help_texts = {
            "phone": _(
                "The number professionals from other organisations can call, e.g. 043 123 45 67."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and not 10 <= len(digits) <= 13:
            raise forms.ValidationError(_("Enter a phone number of 10 digits, e.g. 043 123 45 67."))
        if any(c not in "0123456789 +-()" for c in phone):
            raise forms.ValidationError(
                _("A phone number may only contain digits, spaces, +, - and brackets.")
            )
        return phone


class SwitchMembershipForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses this key, e.g. “HIS koppeling”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The key stops working at the start of this day. Without a date it works "
            "until you revoke it."
        ),
    )

    def clean_expires_on(self) -> datetime.date | None:
        expires_on: datetime.date | None = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return expires_on

    def expires_at(self) -> datetime.datetime | None:
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.min))
