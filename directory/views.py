from typing import cast

from django.contrib import messages
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership, User
from accounts.permissions import Capability, capability_required, has_capability
from directory import opening, services
from directory.forms import (
    FACET_FIELDS,
    CapacityForm,
    LiaisonForm,
    LocationForm,
    ScheduleExceptionForm,
    SchedulePeriodFormSet,
    SearchForm,
    ServiceForm,
    ServiceTermsForm,
)
from directory.models import Contact, Service, ServiceAtLocation, TaxonomyTerm
from directory.search import search
from directory.vocabulary import LIFE_DOMAIN
from geo.models import District

VISIBLE_STATUSES = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]


def _term_choices() -> dict[str, list[tuple[str, str]]]:
    choices: dict[str, list[tuple[str, str]]] = {}
    for code, name in TaxonomyTerm.objects.exclude(code="").values_list("code", "name"):
        taxonomy, _sep, term = code.partition(":")
        if taxonomy in FACET_FIELDS:
            choices.setdefault(taxonomy, []).append((term, name))
    return choices


def _membership(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


def search_page(request: HttpRequest) -> HttpResponse:
    """The directory search: public, fast, and the same view serves htmx result updates."""
    form = SearchForm(request.GET or None, term_choices=_term_choices())
    results = None
    if form.is_bound:
        form.is_valid()  # errors are shown next to the field; the other parameters still apply
        if not form.errors.get("waar"):
            results = search(form.params())
    context = {
        "form": form,
        "results": results,
        "facet_fields": FACET_FIELDS,
        "show_confidential": has_capability(request, Capability.SEE_CONFIDENTIAL_LOCATIONS),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "directory/partials/_results.html", context)
    return render(request, "directory/search.html", context)


def _service_queryset() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
        "phones",
        "schedules",
        "schedule_exceptions",
        "cost_options",
        "languages",
        "service_areas",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location__district"
            ).prefetch_related("location__addresses"),
        ),
    )


def service_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    service = get_object_or_404(_service_queryset(), pk=service_id)
    if service.status == Service.Status.DEFUNCT and not services.can_edit(
        _membership(request), service
    ):
        raise Http404
    terms = TaxonomyTerm.objects.filter(
        attributes__link_entity="service", attributes__link_id=service.pk
    ).order_by("code")
    context = {
        "service": service,
        "liaison": next((c for c in service.contacts.all() if c.is_liaison), None),
        "other_contacts": [c for c in service.contacts.all() if not c.is_liaison],
        "terms": terms,
        "week": opening.week_for(service, timezone.localdate()),
        "open_now": opening.is_open(service),
        "outdated": services.is_possibly_outdated(service),
        "show_confidential": has_capability(request, Capability.SEE_CONFIDENTIAL_LOCATIONS),
        "can_edit": services.can_edit(_membership(request), service),
        # Referrals go to providers that are on the platform, from professionals in a care role.
        "can_refer": has_capability(request, Capability.WORK_WITH_RESIDENTS)
        and service.organization.platform_organization_id is not None
        and service.status == Service.Status.ACTIVE,
    }
    return render(request, "directory/service_detail.html", context)


def district_overview(request: HttpRequest, code: str) -> HttpResponse:
    """The social base of a district at a glance: what is on offer, per life domain."""
    district = get_object_or_404(District.objects.select_related("municipality"), code=code.upper())
    serving = Service.objects.filter(status__in=VISIBLE_STATUSES).filter(
        Q(service_areas__cbs_code__in=[district.code, district.municipality.code])
        | Q(service_at_locations__location__district=district)
    )
    service_ids = serving.values("id")
    domains = (
        TaxonomyTerm.objects.filter(code__startswith=f"{LIFE_DOMAIN}:")
        .annotate(
            n=Count(
                "attributes__link_id",
                filter=Q(attributes__link_entity="service", attributes__link_id__in=service_ids),
                distinct=True,
            )
        )
        .order_by("code")
    )
    local = (
        serving.filter(service_at_locations__location__district=district)
        .distinct()
        .order_by("name")
    )
    context = {
        "district": district,
        "domains": domains,
        "total": serving.distinct().count(),
        "local_services": local.select_related("organization")[:60],
        "informal_count": serving.filter(is_informal=True).distinct().count(),
    }
    return render(request, "directory/district.html", context)


def districts(request: HttpRequest) -> HttpResponse:
    """Districts that have services, to choose an overview from."""
    with_services = (
        District.objects.filter(location__service_at_locations__isnull=False)
        .select_related("municipality")
        .annotate(n=Count("location__service_at_locations__service", distinct=True))
        .order_by("municipality__name", "code")
    )
    return render(request, "directory/districts.html", {"districts": with_services})


# --- Provider editors -------------------------------------------------------------------------


def _editable_service(request: HttpRequest, service_id: str) -> Service:
    """404 unless the acting membership maintains this service: editors never learn of others."""
    service = services.editable_services(_membership(request)).filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


@capability_required(Capability.MAINTAIN_DIRECTORY)
def manage(request: HttpRequest) -> HttpResponse:
    organization = services.editable_organization(_membership(request))
    own = services.editable_services(_membership(request)).order_by("name")
    cutoff = services.verification_cutoff()
    context = {
        "organization": organization,
        "services": own,
        "outdated_count": own.filter(
            Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff)
        ).count(),
        "cutoff": cutoff,
    }
    return render(request, "directory/manage.html", context)


@capability_required(Capability.MAINTAIN_DIRECTORY)
def service_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    form = ServiceForm(request.POST or None, instance=Service.objects.get(pk=service.pk))
    if request.method == "POST" and form.is_valid():
        changes = services.do_update_service(
            service, form.cleaned_data, actor=cast(User, request.user)
        )
        if changes:
            messages.success(request, _("Saved. The history shows what changed."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("directory:service", service_id=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@capability_required(Capability.MAINTAIN_DIRECTORY)
def service_new(request: HttpRequest) -> HttpResponse:
    organization = services.editable_organization(_membership(request))
    if organization is None:
        raise Http404
    form = ServiceForm(request.POST or None)
    duplicates: list[Service] = []
    if request.method == "POST" and form.is_valid():
        duplicates = services.likely_duplicates(organization, form.cleaned_data["name"])
        if not duplicates or request.POST.get("confirm_duplicate"):
            service = services.do_create_service(
                organization, form.cleaned_data, actor=cast(User, request.user)
            )
            messages.success(
                request, _("The service has been added. Add the fixed contact person now.")
            )
            return redirect("directory:liaison", service_id=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "duplicates": duplicates})


@capability_required(Capability.MAINTAIN_DIRECTORY)
def liaison_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    current = services.liaison_of(service)
    initial = {}
    if current is not None:
        phone = current.phones.first()
        initial = {
            "name": current.name,
            "title": current.title,
            "email": current.email,
            "reachable": current.reachable,
            "phone": phone.number if phone else "",
        }
    form = LiaisonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.do_set_liaison(service, form.cleaned_data, actor=cast(User, request.user))
        messages.success(request, _("The fixed contact person has been saved."))
        return redirect("directory:service", service_id=service.pk)
    return render(request, "directory/liaison_form.html", {"form": form, "service": service})


@require_POST
@capability_required(Capability.MAINTAIN_DIRECTORY)
def capacity_update(request: HttpRequest, service_id: str) -> HttpResponse:
    """One click: open, waiting list (with weeks) or full. htmx swaps the row in place."""
    service = _editable_service(request, service_id)
    form = CapacityForm(request.POST)
    if form.is_valid():
        services.do_update_capacity(
            service,
            form.cleaned_data["capacity_status"],
            form.cleaned_data["waiting_weeks"],
            actor=cast(User, request.user),
        )
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "directory/partials/_manage_row.html",
            {"service": service, "form_errors": form.errors},
        )
    if form.errors:
        messages.error(request, _("The capacity was not saved: choose open, waiting list or full."))
    return redirect("directory:manage")


@require_POST
@capability_required(Capability.MAINTAIN_DIRECTORY)
def verify(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    services.do_verify_service(service, actor=cast(User, request.user))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "directory/partials/_manage_row.html", {"service": service})
    messages.success(request, _("Thank you: the entry is marked as checked today."))
    return redirect("directory:manage")


def service_history(request: HttpRequest, service_id: str) -> HttpResponse:
    """Every change with who and when, public like the entry itself."""
    service = get_object_or_404(Service, pk=service_id)
    may_see = has_capability(request, Capability.SEE_CONFIDENTIAL_LOCATIONS) or services.can_edit(
        _membership(request), service
    )
    changes = services.history(service, include_confidential=may_see)
    # Editors' names are work data, but the public does not need them: it sees "the provider".
    show_names = request.user.is_authenticated and getattr(request.user, "is_professional", False)
    context = {"service": service, "changes": changes, "show_names": show_names}
    return render(request, "directory/history.html", context)


def _current_terms(service: Service) -> dict[str, list[str]]:
    current: dict[str, list[str]] = {}
    codes = TaxonomyTerm.objects.filter(
        attributes__link_entity="service", attributes__link_id=service.pk
    ).values_list("code", flat=True)
    for code in codes:
        taxonomy, _sep, term = code.partition(":")
        current.setdefault(taxonomy, []).append(term)
    return current


@capability_required(Capability.MAINTAIN_DIRECTORY)
def terms_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    data = request.POST if request.method == "POST" else None  # an empty POST is still a POST
    form = ServiceTermsForm(data, initial=_current_terms(service), term_choices=_term_choices())
    if request.method == "POST" and form.is_valid():
        codes = {
            name: form.cleaned_data[name]
            for name in ("life_domain", "target_group", "funding_stream")
        }
        services.do_set_service_terms(service, codes, actor=cast(User, request.user))
        messages.success(request, _("Saved. Searchers now find the service under these subjects."))
        return redirect("directory:service", service_id=service.pk)
    return render(request, "directory/terms_form.html", {"form": form, "service": service})


@capability_required(Capability.MAINTAIN_DIRECTORY)
def hours_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    own = service.schedules.filter(location__isnull=True, service_at_location__isnull=True)
    initial = [
        {
            "days": s.byday.split(","),
            "opens_at": s.opens_at,
            "closes_at": s.closes_at,
            "closed_on_public_holidays": s.closed_on_public_holidays,
        }
        for s in own
        if s.opens_at and s.closes_at
    ]
    data = request.POST if request.method == "POST" else None
    formset = SchedulePeriodFormSet(data, initial=initial, prefix="periods")
    closure_form = ScheduleExceptionForm(prefix="closure")
    if request.method == "POST" and formset.is_valid():
        periods = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        services.do_set_opening_hours(service, periods, actor=cast(User, request.user))
        messages.success(request, _("The opening hours have been saved."))
        return redirect("directory:hours", service_id=service.pk)
    context = {
        "formset": formset,
        "closure_form": closure_form,
        "closures": service.schedule_exceptions.filter(date__gte=timezone.localdate()),
        "service": service,
    }
    return render(request, "directory/hours_form.html", context)


@require_POST
@capability_required(Capability.MAINTAIN_DIRECTORY)
def closure_add(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    form = ScheduleExceptionForm(request.POST, prefix="closure")
    if form.is_valid():
        services.do_add_closure(
            service,
            form.cleaned_data["date"],
            form.cleaned_data["note"],
            actor=cast(User, request.user),
        )
        messages.success(request, _("The closed day has been added."))
    else:
        messages.error(request, _("Choose a date to add a closed day."))
    return redirect("directory:hours", service_id=service.pk)


@require_POST
@capability_required(Capability.MAINTAIN_DIRECTORY)
def closure_remove(request: HttpRequest, service_id: str, closure_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    services.do_remove_closure(service, closure_id, actor=cast(User, request.user))
    return redirect("directory:hours", service_id=service.pk)


@capability_required(Capability.MAINTAIN_DIRECTORY)
def location_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    location = services.primary_location(service)
    initial = {}
    if location is not None:
        address = location.addresses.first()
        initial = {
            "name": location.name,
            "transportation": location.transportation,
            "is_confidential": location.is_confidential,
            "address_1": address.address_1 if address else "",
            "postal_code": address.postal_code if address else "",
            "city": address.city if address else "",
        }
    data = request.POST if request.method == "POST" else None
    form = LocationForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.do_set_location(service, form.cleaned_data, actor=cast(User, request.user))
        messages.success(request, _("The location has been saved."))
        return redirect("directory:service", service_id=service.pk)
    return render(request, "directory/location_form.html", {"form": form, "service": service})
