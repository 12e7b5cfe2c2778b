from typing import cast

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.forms import ApiTokenForm, OrganizationContactForm, SwitchMembershipForm
from accounts.models import ApiToken, Membership, Organization, Role, SecurityEvent, User
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
        "can_manage_api_keys": has_capability(request, Capability.MANAGE_ORGANIZATION_API_KEYS),
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


# --- API keys for systems (ADR 0013) ---

API_TOKENS_SHOWN = 200


def _api_tokens_of(request: HttpRequest) -> QuerySet[ApiToken]:
    """The keys this person may see and revoke: their own, and as administrator their
    organisation's. Every API-key view goes through here."""
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return services.api_tokens_visible_to(
        membership,
        whole_organization=has_capability(request, Capability.MANAGE_ORGANIZATION_API_KEYS),
    )


def _with_state(tokens: QuerySet[ApiToken]) -> list[ApiToken]:
    now = timezone.now()
    rows = list(tokens[:API_TOKENS_SHOWN])
    for token in rows:
        token.current_state = ApiToken.State(token.state(now))  # type: ignore[attr-defined]
    return rows


@capability_required(Capability.USE_API_KEYS)
def api_tokens(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    visible = _api_tokens_of(request)
    context: dict[str, object] = {
        "own_tokens": _with_state(visible.filter(membership__user_id=membership.user_id)),
        "organization": membership.organization,
        "limit": API_TOKENS_SHOWN,
    }
    if has_capability(request, Capability.MANAGE_ORGANIZATION_API_KEYS):
        context["organization_tokens"] = _with_state(
            visible.filter(membership__organization_id=membership.organization_id).exclude(
                membership__user_id=membership.user_id
            )
        )
    return render(request, "accounts/api_tokens.html", context)


@capability_required(Capability.USE_API_KEYS)
def api_token_create(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = services.do_create_api_token(
            membership,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            actor=cast(User, request.user),
            request=request,
        )
        # The key is in this response only: not stored, not cached, not put in the session.
        response = render(request, "accounts/api_token_created.html", {"token": token, "key": key})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/api_token_create.html", {"form": form})


@capability_required(Capability.USE_API_KEYS)
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = _api_tokens_of(request).filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.do_revoke_api_token(token, actor=cast(User, request.user), request=request)
    messages.success(
        request,
        _("The key “%(name)s” has been revoked; it no longer works.") % {"name": token.name},
    )
    return redirect("api_tokens")
