from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import Capability, capability_required
from geo import services
from geo.forms import PostcodeForm
from geo.models import District


@capability_required(Capability.LOOKUP_POSTCODE)
def postcode_lookup(request: HttpRequest) -> HttpResponse:
    """Postcode → district; htmx asks for the result fragment only."""
    form = PostcodeForm(request.GET or None)
    area = None
    if form.is_valid():
        area = services.postcode_area(form.cleaned_data["postcode"])
        if area is None:
            form.add_error("postcode", form.unknown_message(form.cleaned_data["postcode"]))
    context = {"form": form, "area": area, "searched": form.is_bound}
    template = "geo/partials/_postcode_result.html" if request.htmx else "geo/postcode.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@capability_required(Capability.VIEW_REGION_FIGURES)
def region(request: HttpRequest) -> HttpResponse:
    """Population per district of the analyst's municipality: figures, never persons."""
    municipality = request.membership.organization.municipality  # type: ignore[attr-defined]
    districts = (
        District.objects.filter(municipality=municipality)
        .annotate(postcode_count=Count("postcode_areas"))
        .order_by("code")
    )
    return render(
        request, "geo/region.html", {"municipality": municipality, "districts": districts}
    )
