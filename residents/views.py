"""Residents' pages: the resident's own portal, and for professionals finding a resident and
opening their file. What a professional sees is decided by privacy.policy, per request."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Capability, capability_required
from audit.models import Action, DataCategory, Purpose
from privacy import accesses
from privacy.models import CONSENT_PURPOSES, Consent
from privacy.policy import Actor, authorize_id, decide
from privacy.services import find_residents
from referrals.services import resident_referrals
from residents.forms import (
    FindResidentForm,
    HouseholdMemberForm,
    JoinCareTeamForm,
    RegisterResidentForm,
    RepresentativeForm,
)
from residents.models import CareTeamMember, Household, HouseholdMember, Resident, bsn_digest
from residents.services import (
    RegistrationError,
    care_team_of,
    do_add_household_member,
    do_add_representative,
    do_end_household_membership,
    do_join_care_team,
    do_leave_care_team,
    do_register_resident,
    household_history_of,
    household_members_of,
    own_resident_record,
    representatives_of,
    represented_by,
)

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
            "represented": represented_by(resident),
            "referrals": list(resident_referrals(resident)[:20]),
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
        remember_identified(request, [r.pk for r in found])
    return render(request, "residents/find.html", {"form": form, "found": found})


def remember_identified(request: HttpRequest, resident_ids: list[int]) -> None:
    """The residents this professional found in this session (the latest 200)."""
    earlier = [pk for pk in request.session.get(IDENTIFIED_KEY, []) if pk not in resident_ids]
    request.session[IDENTIFIED_KEY] = (earlier + resident_ids)[-200:]


@capability_required(Capability.WORK_WITH_RESIDENTS)
def register(request: HttpRequest) -> HttpResponse:
    """Register a resident who asks for help; then record the consent they give."""
    form = RegisterResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident = do_register_resident(form.cleaned_data, actor=Actor.of(request))
        except RegistrationError as error:
            form.add_error(None, str(error))
        else:
            remember_identified(request, [resident.pk])
            messages.success(
                request,
                _("%(name)s is registered. Now record the consent they give you.")
                % {"name": resident.full_name},
            )
            return redirect("privacy:record_consent", resident.pk)
    return render(request, "residents/register.html", {"form": form})


@capability_required(Capability.WORK_WITH_RESIDENTS)
def resident_file(request: HttpRequest, resident_id: int) -> HttpResponse:
    """The file as far as the resident's consent for the acting organisation reaches, for the
    purpose the professional works on (`?doel=`; by default the first one consent covers)."""
    actor = Actor.of(request)
    purpose = _purpose_for(request, actor, resident_id)
    resident, decision = authorize_id(
        actor,
        resident_id,
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=purpose,
        records=[f"resident:{resident_id}"],
        known_to_actor=resident_id in request.session.get(IDENTIFIED_KEY, []),
    )
    consents = Consent.objects.in_force().filter(resident=resident).select_related("organization")
    context = {
        "resident": resident,
        "decision": decision,
        "purpose": purpose,
        "purposes": [(p.value, p.label) for p in CONSENT_PURPOSES],
        "emergency": decision.basis.startswith("break_glass:"),
        "household_members": household_members_of(resident),
        "households": Household.objects.filter(
            members__resident=resident, members__until__isnull=True
        ).distinct(),
        "care_team": care_team_of(resident),
        "my_consents": [c for c in consents if c.pk in decision.consents],
        "today": timezone.localdate(),
        "join_form": JoinCareTeamForm(),
        "representatives": representatives_of(resident),
        "household_history": household_history_of(resident),
        "household_form": HouseholdMemberForm(),
        "representative_form": RepresentativeForm(),
        "acting_organization": actor.organization,
    }
    return render(request, "residents/file.html", context)


def _purpose_for(request: HttpRequest, actor: Actor, resident_id: int) -> str:
    """The purpose asked for, or the first one the resident's consent covers for this actor
    (deciding without logging; the access itself is then logged with that purpose)."""
    asked = request.GET.get("doel", "")
    if asked in {p.value for p in CONSENT_PURPOSES}:
        return asked
    resident = Resident.objects.filter(pk=resident_id).first()
    for candidate in CONSENT_PURPOSES:
        if decide(
            actor, resident, categories=[DataCategory.CONTACT_DETAILS], purpose=candidate
        ).allowed:
            return candidate
    return Purpose.CARE_COORDINATION


def _authorize_team_change(request: HttpRequest, resident_id: int) -> tuple[Actor, Resident]:
    actor = Actor.of(request)
    resident, _decision = authorize_id(
        actor,
        resident_id,
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=Purpose.CARE_COORDINATION,
        action=Action.UPDATE,
        records=[f"resident:{resident_id}"],
        known_to_actor=resident_id in request.session.get(IDENTIFIED_KEY, []),
    )
    return actor, resident


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def join_care_team(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor, resident = _authorize_team_change(request, resident_id)
    form = JoinCareTeamForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else ""
    do_join_care_team(resident, role=role, actor=actor)
    messages.success(request, _("Your organisation is now in the care team."))
    return redirect("residents:file", resident.pk)


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def leave_care_team(request: HttpRequest, resident_id: int, member_id: int) -> HttpResponse:
    actor, resident = _authorize_team_change(request, resident_id)
    member = get_object_or_404(
        CareTeamMember,
        pk=member_id,
        resident=resident,
        organization=actor.organization,
        until__isnull=True,
    )
    do_leave_care_team(member, actor=actor)
    messages.success(request, _("Your organisation is no longer in the care team."))
    return redirect("residents:file", resident.pk)


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def add_representative(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor, resident = _authorize_team_change(request, resident_id)
    form = RepresentativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The representative was not added: check the fields."))
        return redirect("residents:file", resident.pk)
    try:
        do_add_representative(
            resident,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
            representative_bsn=form.cleaned_data["bsn"],
            since=form.cleaned_data["since"],
            actor=actor,
        )
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The representative has been added."))
    return redirect("residents:file", resident.pk)


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def add_household_member(request: HttpRequest, resident_id: int) -> HttpResponse:
    """Both people's consent must allow it: the change is in both records."""
    actor, resident = _authorize_team_change(request, resident_id)
    form = HouseholdMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The household member was not added: check the fields."))
        return redirect("residents:file", resident.pk)
    member = Resident.objects.filter(bsn_digest=bsn_digest(form.cleaned_data["bsn"])).first()
    if member is None:
        messages.error(request, _("Nobody with this BSN is registered; register them first."))
        return redirect("residents:file", resident.pk)
    remember_identified(request, [member.pk])
    _actor, member = _authorize_team_change(request, member.pk)
    try:
        do_add_household_member(
            resident,
            member,
            relationship=form.cleaned_data["relationship"],
            since=form.cleaned_data["since"],
            actor=actor,
        )
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The household member has been added."))
    return redirect("residents:file", resident.pk)


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def end_household_membership(
    request: HttpRequest, resident_id: int, membership_id: int
) -> HttpResponse:
    actor, resident = _authorize_team_change(request, resident_id)
    households = HouseholdMember.objects.filter(resident=resident).values("household")
    membership = get_object_or_404(
        HouseholdMember, pk=membership_id, household__in=households, until__isnull=True
    )
    if membership.resident_id != resident.pk:
        _actor, _member = _authorize_team_change(request, membership.resident_id)
    do_end_household_membership(membership, actor=actor)
    messages.success(request, _("The household has been updated."))
    return redirect("residents:file", resident.pk)
