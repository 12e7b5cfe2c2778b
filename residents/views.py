from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import Capability, capability_required
from residents.services import own_resident_record


@capability_required(Capability.RESIDENT_PORTAL)
def portal(request: HttpRequest) -> HttpResponse:
    """The resident's own page: their details and their household, nobody else's."""
    resident, household_members = own_resident_record(request.user)
    return render(
        request,
        "residents/portal.html",
        {"resident": resident, "household_members": household_members},
    )
