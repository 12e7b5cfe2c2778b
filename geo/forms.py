from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geo.services import InvalidPostcode, normalise_postcode


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=12,
        help_text=_("4 digits, with or without the letters: 6211 or 6211 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"}),
    )

    def clean_postcode(self) -> str:
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error

    @staticmethod
    def unknown_message(pc4: str) -> str:
        return gettext("Postcode area %(pc4)s is not in our geography.") % {"pc4": pc4}
