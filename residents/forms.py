from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.models import is_valid_bsn


class FindResidentForm(forms.Form):
    """By BSN, or by family name and date of birth together: what someone who knows them has."""

    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_bsn(self) -> str:
        bsn = "".join(c for c in self.cleaned_data["bsn"] if c.isdigit())
        if self.cleaned_data["bsn"].strip() and not is_valid_bsn(bsn):
            raise forms.ValidationError(_("This is not a valid BSN (nine digits, 11-test)."))
        return bsn

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_name_and_birth = data.get("family_name") and data.get("date_of_birth")
        if not self.errors and not data.get("bsn") and not has_name_and_birth:
            raise forms.ValidationError(
                _("Fill in the BSN, or the family name and the date of birth.")
            )
        return data
