from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import CapacityStatus, ReferralRequirement, Service
from directory.search import MAX_QUERY_LENGTH, Place, SearchParams, resolve_place

FACET_FIELDS = {
    "life_domain": "domein",
    "target_group": "doelgroep",
    "funding_stream": "financiering",
}


class SearchForm(forms.Form):
    """The search page's GET parameters; every field is optional and bad values never fail."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=10_000)
    waar = forms.CharField(
        label=_("Near"),
        required=False,
        max_length=100,
        help_text=_("Postcode, district or municipality"),
    )
    domein = forms.MultipleChoiceField(required=False)
    doelgroep = forms.MultipleChoiceField(required=False)
    financiering = forms.MultipleChoiceField(required=False)
    leeftijd = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    verwijzing = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("none", _("no referral needed")), ("needed", _("referral needed"))],
    )
    soort = forms.ChoiceField(
        required=False,
        choices=[
            ("", ""),
            ("informal", _("community initiative")),
            ("professional", _("professional")),
        ],
    )
    nu_open = forms.BooleanField(label=_("Open now"), required=False)
    pagina = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(
        self, *args: Any, term_choices: dict[str, list[tuple[str, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for taxonomy, field_name in FACET_FIELDS.items():
            self.fields[field_name].choices = term_choices.get(taxonomy, [])  # type: ignore[attr-defined]
        self.place: Place | None = None
        self.notices: list[str] = []

    def clean_waar(self) -> str:
        text: str = self.cleaned_data["waar"].strip()
        if text:
            self.place = resolve_place(text)
            if self.place is None:
                raise forms.ValidationError(
                    _(
                        "We do not know “%(place)s”. Type a postcode (6211 AB), a district or a municipality."
                    ),
                    params={"place": text[:100]},
                )
        return text

    def params(self) -> SearchParams:
        data = self.cleaned_data if self.is_bound else {}
        text = data.get("q") or ""
        if len(text) > MAX_QUERY_LENGTH:
            self.notices.append(str(_("Your search was long; we used the first 200 characters.")))
        return SearchParams(
            text=text,
            place=self.place,
            terms={taxonomy: data.get(name) or [] for taxonomy, name in FACET_FIELDS.items()},
            age=data.get("leeftijd"),
            referral=data.get("verwijzing") or "",
            kind=data.get("soort") or "",
            open_now=bool(data.get("nu_open")),
            page=data.get("pagina") or 1,
        )


class ServiceForm(forms.ModelForm):
    """What a provider editor maintains about a service."""

    url = forms.URLField(label=_("website"), required=False, assume_scheme="https", max_length=500)

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "eligibility_description",
            "application_process",
            "fees_description",
            "minimum_age",
            "maximum_age",
            "url",
            "email",
            "status",
            "referral_requirement",
            "referral_note",
            "recognised_intervention",
            "is_informal",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age must be at least the minimum age."))
        if data.get("referral_requirement") not in (
            None,
            ReferralRequirement.NONE,
        ) and not data.get("referral_note"):
            self.add_error(
                "referral_note", _("Say who can refer, e.g. “the GP or the social team”.")
            )
        return data


class LiaisonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    title = forms.CharField(label=_("Role"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=50)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    reachable = forms.CharField(
        label=_("When reachable"),
        max_length=255,
        required=False,
        help_text=_("For example: Mon–Thu 9.00–12.00"),
    )


class CapacityForm(forms.Form):
    capacity_status = forms.ChoiceField(label=_("Capacity"), choices=CapacityStatus.choices)
    waiting_weeks = forms.IntegerField(
        label=_("Expected waiting time (weeks)"), required=False, min_value=0, max_value=104
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("capacity_status") != CapacityStatus.WAITING_LIST:
            data["waiting_weeks"] = None
        return data


DAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]


class ServiceTermsForm(forms.Form):
    """What the service is about, for whom, and who pays: the facets searchers filter on."""

    life_domain = forms.MultipleChoiceField(
        label=_("Life domain"), widget=forms.CheckboxSelectMultiple, required=True
    )
    target_group = forms.MultipleChoiceField(
        label=_("Target group"), widget=forms.CheckboxSelectMultiple, required=False
    )
    funding_stream = forms.MultipleChoiceField(
        label=_("Funding"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(
        self, *args: Any, term_choices: dict[str, list[tuple[str, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("life_domain", "target_group", "funding_stream"):
            self.fields[name].choices = term_choices.get(name, [])  # type: ignore[attr-defined]


class SchedulePeriodForm(forms.Form):
    """One weekly period: days, opening and closing time. Several periods make a split day."""

    days = forms.MultipleChoiceField(
        label=_("Days"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}))
    closed_on_public_holidays = forms.BooleanField(
        label=_("Closed on public holidays"), required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be later than the opening time."))
        return data


SchedulePeriodFormSet = forms.formset_factory(
    SchedulePeriodForm, extra=1, can_delete=True, max_num=14
)


class ScheduleExceptionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), max_length=255, required=False, help_text=_("For example: Christmas Eve")
    )


class LocationForm(forms.Form):
    """Where the service is given. A confidential address is shown only to care professionals."""

    name = forms.CharField(label=_("Name of the place"), max_length=255)
    address_1 = forms.CharField(label=_("Street and number"), max_length=255)
    postal_code = forms.CharField(
        label=_("Postcode"), max_length=12, help_text=_("For example 6211 AB")
    )
    city = forms.CharField(label=_("Place"), max_length=255)
    transportation = forms.CharField(
        label=_("How to get there"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential address (for example a shelter): never publish it"), required=False
    )

    def clean_postal_code(self) -> str:
        from geo.models import PostcodeArea
        from geo.services import InvalidPostcode, normalise_postcode

        text: str = self.cleaned_data["postal_code"]
        try:
            pc4 = normalise_postcode(text)
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error
        if not PostcodeArea.objects.filter(pc4=pc4).exists():
            raise forms.ValidationError(
                _("Postcode area %(pc4)s is not in our geography.") % {"pc4": pc4}
            )
        return text.strip().upper()
