from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailFrequency


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("When do you want an e-mail?"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )
