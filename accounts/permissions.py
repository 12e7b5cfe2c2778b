"""The one place where roles turn into permissions.

Views ask `has_capability(request, Capability.X)` (or use `capability_required`); templates get the
navigation built from the same table. Nothing else decides what a role may do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountKind, Membership, Role


class Capability(StrEnum):
    WORKSPACE = "workspace"
    LOOKUP_POSTCODE = "lookup_postcode"
    VIEW_ORGANIZATION = "view_organization"
    EDIT_ORGANIZATION = "edit_organization"
    VIEW_REGION_FIGURES = "view_region_figures"
    VIEW_SECURITY_EVENTS = "view_security_events"
    MANAGE_PLATFORM = "manage_platform"
    RESIDENT_PORTAL = "resident_portal"
    SEARCH_DIRECTORY = "search_directory"
    SEE_CONFIDENTIAL_LOCATIONS = "see_confidential_locations"
    MAINTAIN_DIRECTORY = "maintain_directory"
    # Open residents' files; what is shown is decided per resident by privacy.policy (consent).
    WORK_WITH_RESIDENTS = "work_with_residents"
    REVIEW_PRIVACY = "review_privacy"
    # Make and revoke one's own API keys for systems (ADR 0013); every professional role.
    USE_API_KEYS = "use_api_keys"
    # See and revoke every API key acting for one's organisation.
    MANAGE_ORGANIZATION_API_KEYS = "manage_organization_api_keys"


_CARE = frozenset(
    {
        Capability.WORKSPACE,
        Capability.LOOKUP_POSTCODE,
        Capability.VIEW_ORGANIZATION,
        Capability.SEARCH_DIRECTORY,
        Capability.SEE_CONFIDENTIAL_LOCATIONS,
        Capability.WORK_WITH_RESIDENTS,
        Capability.USE_API_KEYS,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.GP: _CARE,
    Role.PRACTICE_NURSE: _CARE,
    Role.DISTRICT_NURSE: _CARE,
    Role.SOCIAL_WORKER: _CARE,
    Role.WELLBEING_COACH: _CARE,
    Role.HOUSEHOLD_COORDINATOR: _CARE,
    Role.PROVIDER_EDITOR: frozenset(
        {
            Capability.WORKSPACE,
            Capability.VIEW_ORGANIZATION,
            Capability.EDIT_ORGANIZATION,
            Capability.SEARCH_DIRECTORY,
            Capability.MAINTAIN_DIRECTORY,
            Capability.USE_API_KEYS,
        }
    ),
    Role.POLICY_ANALYST: frozenset(
        {
            Capability.WORKSPACE,
            Capability.LOOKUP_POSTCODE,
            Capability.VIEW_REGION_FIGURES,
            Capability.SEARCH_DIRECTORY,
            Capability.USE_API_KEYS,
        }
    ),
    Role.PRIVACY_OFFICER: frozenset(
        {
            Capability.WORKSPACE,
            Capability.VIEW_ORGANIZATION,
            Capability.VIEW_SECURITY_EVENTS,
            Capability.SEARCH_DIRECTORY,
            Capability.REVIEW_PRIVACY,
            Capability.USE_API_KEYS,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.WORKSPACE,
            Capability.VIEW_ORGANIZATION,
            Capability.EDIT_ORGANIZATION,
            Capability.VIEW_REGION_FIGURES,
            Capability.MANAGE_PLATFORM,
            Capability.SEARCH_DIRECTORY,
            Capability.MAINTAIN_DIRECTORY,
            Capability.USE_API_KEYS,
            Capability.MANAGE_ORGANIZATION_API_KEYS,
        }
    ),
}

RESIDENT_CAPABILITIES = frozenset({Capability.RESIDENT_PORTAL, Capability.SEARCH_DIRECTORY})


def capabilities_of(user: Any, membership: Membership | None) -> frozenset[Capability]:
    """What this user may do, acting through this membership (professionals) or as themselves."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.kind == AccountKind.RESIDENT:
        return RESIDENT_CAPABILITIES
    if membership is None or not membership.is_active or membership.user_id != user.pk:
        return frozenset()
    if not membership.organization.is_active:
        return frozenset()
    return ROLE_CAPABILITIES.get(membership.role, frozenset())


def request_capabilities(request: HttpRequest) -> frozenset[Capability]:
    cached = getattr(request, "_capabilities", None)
    if cached is None:
        cached = capabilities_of(request.user, getattr(request, "membership", None))
        request._capabilities = cached  # type: ignore[attr-defined]
    return cached


def has_capability(request: HttpRequest, capability: Capability) -> bool:
    return capability in request_capabilities(request)


def capability_required(
    capability: Capability,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Anonymous users go to the login page; signed-in users without the capability get a 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request, capability):
                raise PermissionDenied(_("Your role does not give access to this page."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: Capability


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "workspace", Capability.WORKSPACE),
    NavItem(_("My page"), "residents:portal", Capability.RESIDENT_PORTAL),
    NavItem(_("Residents"), "residents:find", Capability.WORK_WITH_RESIDENTS),
    NavItem(_("Referrals"), "referrals:inbox", Capability.WORK_WITH_RESIDENTS),
    NavItem(_("Directory"), "directory:search", Capability.SEARCH_DIRECTORY),
    NavItem(_("Our services"), "directory:manage", Capability.MAINTAIN_DIRECTORY),
    NavItem(_("Postcode lookup"), "geo:postcode", Capability.LOOKUP_POSTCODE),
    NavItem(_("My organisation"), "organization", Capability.VIEW_ORGANIZATION),
    NavItem(_("Region in figures"), "geo:region", Capability.VIEW_REGION_FIGURES),
    NavItem(_("Login security"), "security_events", Capability.VIEW_SECURITY_EVENTS),
    NavItem(_("Privacy"), "privacy:overview", Capability.REVIEW_PRIVACY),
    NavItem(_("Administration"), "admin:index", Capability.MANAGE_PLATFORM),
)


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    capabilities = request_capabilities(request)
    items: list[dict[str, Any]] = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in NAVIGATION
        if item.capability in capabilities
    ]
    # The current item is the one whose address is the longest start of this page's address.
    matching = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["current"] = True
    return items
