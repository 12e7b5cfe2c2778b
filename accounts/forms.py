from django import forms
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
