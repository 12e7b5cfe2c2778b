import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.services import InvalidPostcode, normalise_postcode
from residents.models import HouseholdMember, LegalRepresentative, is_valid_bsn


class BSNField(forms.CharField):
    """A BSN as people type it ("111 222 333"): the nine digits, checked with the 11-test."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=11, **kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value))
        bsn = "".join(c for c in text if c.isdigit())
        if text.strip() and not is_valid_bsn(bsn):
            raise forms.ValidationError(_("This is not a valid BSN (nine digits, 11-test)."))
        return bsn


class FindResidentForm(forms.Form):
    """By BSN, or by family name and date of birth together: what someone who knows them has."""

    bsn = BSNField(label=_("BSN"), required=False)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_name_and_birth = data.get("family_name") and data.get("date_of_birth")
        if not self.errors and not data.get("bsn") and not has_name_and_birth:
            raise forms.ValidationError(
                _("Fill in the BSN, or the family name and the date of birth.")
            )
        return data


class RegisterResidentForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name_prefix = forms.CharField(label=_("Prefix"), max_length=20, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    bsn = BSNField(label=_("BSN"), required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    street = forms.CharField(label=_("Street"), max_length=120, required=False)
    house_number = forms.CharField(label=_("House number"), max_length=12, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    place = forms.CharField(label=_("Place"), max_length=80, required=False)

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        try:
            normalise_postcode(text)
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error
        digits, letters = text.replace(" ", "")[:4], text.replace(" ", "")[4:].upper()
        return f"{digits} {letters}".strip()

    def clean_date_of_birth(self) -> datetime.date:
        born: datetime.date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate() or born.year < 1900:
            raise forms.ValidationError(_("Check the date of birth."))
        return born


class JoinCareTeamForm(forms.Form):
    role = forms.CharField(
        label=_("Your role for this resident"),
        max_length=120,
        required=False,
        help_text=_("For example: debt counsellor, practice nurse."),
    )


class RepresentativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LegalRepresentative.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    bsn = BSNField(
        label=_("BSN of the representative"),
        required=False,
        help_text=_("When they are on ontschot: they can then act for the resident."),
    )
    since = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))


class HouseholdMemberForm(forms.Form):
    bsn = BSNField(
        label=_("BSN of the household member"),
        help_text=_("Someone registered on ontschot; their consent counts too."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=HouseholdMember.Relationship.choices
    )
    since = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))
