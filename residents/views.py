"""Residents' pages: the resident's own portal, and for professionals finding a resident and
opening their file. What a professional sees is decided by privacy.policy, per request."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import Capability, capability_required
from audit.models import DataCategory, Purpose
from privacy import accesses
from privacy.models import Consent
from privacy.policy import Actor, authorize_id
from privacy.services import find_residents
from residents.forms import FindResidentForm
from residents.services import care_team_of, household_members_of, own_resident_record

IDENTIFIED_KEY = "identified_residents"


@capability_required(Capability.RESIDENT_PORTAL)
def portal(request: HttpRequest) -> HttpResponse:
    """The resident's own page: their details, their household, who is involved, who looked."""
    resident, household_members = own_resident_record(request.user)
    context: dict[str, object] = {"resident": resident, "household_members": household_members}
    if resident is not None:
        recent, _cursor = accesses.accesses_page(resident)
        context |= {
            "care_team": care_team_of(resident),
            "recent_accesses": recent[:5],
            "consents_in_force": Consent.objects.in_force().filter(resident=resident).count(),
        }
    return render(request, "residents/portal.html", context)


@capability_required(Capability.WORK_WITH_RESIDENTS)
def find(request: HttpRequest) -> HttpResponse:
    form = FindResidentForm(request.GET or None)
    found = None
    if form.is_valid():
        found = find_residents(
            Actor.of(request),
            bsn=form.cleaned_data["bsn"],
            family_name=form.cleaned_data["family_name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        identified = set(request.session.get(IDENTIFIED_KEY, []))
        request.session[IDENTIFIED_KEY] = sorted(identified | {r.pk for r in found})
    return render(request, "residents/find.html", {"form": form, "found": found})


@capability_required(Capability.WORK_WITH_RESIDENTS)
def resident_file(request: HttpRequest, resident_id: int) -> HttpResponse:
    """The file as far as the resident's consent for the acting organisation reaches."""
    actor = Actor.of(request)
    resident, decision = authorize_id(
        actor,
        resident_id,
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=Purpose.CARE_COORDINATION,
        records=[f"resident:{resident_id}"],
        known_to_actor=resident_id in request.session.get(IDENTIFIED_KEY, []),
    )
    consents = Consent.objects.in_force().filter(resident=resident).select_related("organization")
    context = {
        "resident": resident,
        "decision": decision,
        "emergency": decision.basis.startswith("break_glass:"),
        "household_members": household_members_of(resident),
        "care_team": care_team_of(resident),
        "my_consents": [c for c in consents if c.pk in decision.consents],
        "today": timezone.localdate(),
    }
    return render(request, "residents/file.html", context)
