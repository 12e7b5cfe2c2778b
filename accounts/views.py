from typing import cast

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.forms import OrganizationContactForm, SwitchMembershipForm
from accounts.models import Membership, Organization, Role, SecurityEvent, User
from accounts.permissions import Capability, capability_required, has_capability

CARE_ROLES = {
    Role.GP,
    Role.PRACTICE_NURSE,
    Role.DISTRICT_NURSE,
    Role.SOCIAL_WORKER,
    Role.WELLBEING_COACH,
    Role.HOUSEHOLD_COORDINATOR,
}


def home(request: HttpRequest) -> HttpResponse:
    """The public front page; signed-in users go to their own landing page."""
    if request.user.is_authenticated:
        if has_capability(request, Capability.RESIDENT_PORTAL):
            return redirect("residents:portal")
        if has_capability(request, Capability.WORKSPACE):
            return redirect("workspace")
        return render(request, "accounts/no_role.html", status=403)
    return render(request, "home.html")


@capability_required(Capability.WORKSPACE)
def workspace(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    organization = membership.organization
    context = {
        "role": membership.role,
        "is_care_role": membership.role in CARE_ROLES,
        "organization": organization,
        "colleagues": _colleagues(membership),
        "districts": organization.municipality.districts.order_by("code"),
        "has_totp": services.has_totp(request.user),  # type: ignore[arg-type]
    }
    if membership.role == Role.ADMINISTRATOR:
        context["organization_counts"] = (
            Organization.objects.values("domain").annotate(n=Count("id")).order_by("domain")
        )
        context["user_count"] = User.objects.filter(is_active=True).count()
    if membership.role == Role.PRIVACY_OFFICER:
        context["recent_lockouts"] = SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.LOCKED_OUT
        )[:5]
    return render(request, "accounts/workspace.html", context)


def _colleagues(membership: Membership) -> list[Membership]:
    return list(
        Membership.objects.filter(
            organization=membership.organization, is_active=True, user__is_active=True
        )
        .exclude(user=membership.user)
        .select_related("user")
        .order_by("user__last_name")
    )


@capability_required(Capability.VIEW_ORGANIZATION)
def organization(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    context = {
        "organization": membership.organization,
        "members": Membership.objects.filter(organization=membership.organization, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "role"),
        "can_edit": has_capability(request, Capability.EDIT_ORGANIZATION),
    }
    return render(request, "accounts/organization.html", context)


@capability_required(Capability.EDIT_ORGANIZATION)
def organization_edit(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    form = OrganizationContactForm(request.POST or None, instance=membership.organization)
    if request.method == "POST" and form.is_valid():
        actor = cast(User, request.user)
        services.do_update_organization(membership.organization, form.cleaned_data, actor=actor)
        messages.success(request, _("The contact details have been saved."))
        return redirect("organization")
    return render(
        request,
        "accounts/organization_edit.html",
        {"form": form, "organization": membership.organization},
    )


@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("account_login")
    form = SwitchMembershipForm(request.POST)
    membership = (
        services.do_switch_membership(request, form.cleaned_data["membership"])
        if form.is_valid()
        else None
    )
    if membership is None:
        messages.error(request, _("You cannot act for that organisation."))
    else:
        messages.success(
            request,
            _("You now act as %(role)s for %(organization)s.")
            % {"role": membership.get_role_display(), "organization": membership.organization},
        )
    return redirect("workspace")


@capability_required(Capability.VIEW_SECURITY_EVENTS)
def security_events(request: HttpRequest) -> HttpResponse:
    events = SecurityEvent.objects.select_related("user")[:100]
    return render(request, "accounts/security_events.html", {"events": events})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembering the choice on the account as well."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {"nl", "en"}:
        services.do_set_preferred_language(cast(User, request.user), language)
    if isinstance(response, HttpResponseRedirect) and not url_has_allowed_host_and_scheme(
        response.url, allowed_hosts={request.get_host()}
    ):
        return redirect(reverse("home"))
    return response
