"""Pages for referrals. Thin: every decision and change is in referrals.services."""

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.permissions import Capability, capability_required
from audit.models import DataCategory, Purpose
from core import clock
from directory.models import Service
from directory.search import SearchParams, search
from privacy.policy import Actor, authorize_id, authorize_many
from privacy.services import find_residents
from referrals import insights, services, timeline
from referrals.forms import (
    ActivityForm,
    AssignForm,
    ConversationForm,
    FeedbackForm,
    FirstContactForm,
    ReferralForm,
    ResponseAgreementForm,
    TransitionForm,
)
from referrals.models import Kind, Referral, Status
from referrals.people import care_colleagues
from referrals.services import ChangedMeanwhile, ConsentNeeded, ReferralDraft, ReferralError
from referrals.states import RECEIVER, REQUESTER, allowed_moves
from residents.forms import FindResidentForm
from residents.models import Household, Resident
from residents.views import IDENTIFIED_KEY, remember_identified

PAGE_SIZE = 25


# --- inbox -----------------------------------------------------------------------------------


@capability_required(Capability.WORK_WITH_RESIDENTS)
def inbox(request: HttpRequest) -> HttpResponse:
    """The team queue: referrals received (or sent), newest first, late ones marked."""
    actor = Actor.of(request)
    organization = actor.organization
    assert organization is not None  # capability_required: an active care membership
    box = "out" if request.GET.get("bak") == "uit" else "in"
    status = request.GET.get("status", "open")
    statuses = _statuses_for(status)
    queryset = services.inbox(
        organization,
        box=box,
        statuses=statuses,
        overdue=request.GET.get("te_laat") == "1",
        mine=request.user if request.GET.get("mijn") == "1" else None,  # type: ignore[arg-type]
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    decisions = authorize_many(
        actor,
        [r.resident for r in rows],
        categories=[DataCategory.REFERRALS],
        purpose=Purpose.REFERRAL,
        records={r.resident_id: [f"referral:{r.pk}"] for r in rows},
    )
    context = {
        "box": box,
        "status": status,
        "page": page,
        "rows": [(r, decisions[r.resident_id].allowed) for r in rows],
        "today": clock.today(),
        "overdue": request.GET.get("te_laat") == "1",
        "mine": request.GET.get("mijn") == "1",
        "status_choices": [
            ("open", _("open")),
            ("closed", _("closed")),
            ("all", _("all")),
            *Status.choices,
        ],
    }
    return render(request, "referrals/inbox.html", context)


def _statuses_for(status: str) -> list[str]:
    if status == "open":
        return [Status.REQUESTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD]
    if status == "closed":
        return [Status.REJECTED, Status.FAILED, Status.COMPLETED, Status.CANCELLED]
    if status in Status.values:
        return [status]
    return []


# --- a new referral --------------------------------------------------------------------------


@capability_required(Capability.WORK_WITH_RESIDENTS)
def new(request: HttpRequest) -> HttpResponse:
    """Refer a resident: choose the resident (found by BSN or name and birth date), the service
    (from the directory), fill in the question; consent is asked for in the flow when missing."""
    actor = Actor.of(request)
    service = _service_from(request.GET.get("dienst", ""))
    based_on = _based_on(request, actor)
    resident = _resident_from(request, actor, based_on)
    if resident is None:
        return _choose_resident(request, service)
    if service is None and based_on is None:
        return _choose_service(request, resident)
    household = _household_from(request, resident)
    initial_kind = (
        Kind.SOCIAL_PRESCRIPTION if request.GET.get("soort") == "welzijn" else Kind.REFERRAL
    )
    form = ReferralForm(request.POST or None, initial={"kind": initial_kind})
    consent_needed: ConsentNeeded | None = None
    receiver: Organization | None = None
    try:
        receiver = services.receiving_organization(service, None)
    except ReferralError as error:
        form.add_error(None, str(error))
    if request.method == "POST" and form.is_valid() and receiver is not None:
        draft = ReferralDraft(
            resident=resident,
            reason=form.cleaned_data["reason"],
            service=service,
            kind=form.cleaned_data["kind"],
            resident_wish=form.cleaned_data["resident_wish"],
            urgency=form.cleaned_data["urgency"],
            categories=form.cleaned_data["categories"],
            context=form.cleaned_data["context"],
            household=household,
            based_on=based_on,
        )
        try:
            referral = services.do_create_referral(
                draft,
                actor=actor,
                known_to_actor=resident.pk in request.session.get(IDENTIFIED_KEY, []),
                consent_given_verbally=form.cleaned_data["consent_given"],
            )
        except ConsentNeeded as needed:
            consent_needed = needed
        except ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Referral %(number)s has been sent to %(organization)s.")
                % {"number": referral.reference, "organization": receiver.name},
            )
            return redirect("referrals:detail", referral.pk)
    context = {
        "form": form,
        "resident": resident,
        "service": service,
        "receiver": receiver,
        "household": household,
        "based_on": based_on,
        "consent_needed": consent_needed,
        "consent_categories": (
            [DataCategory(c).label for c in consent_needed.categories] if consent_needed else []
        ),
    }
    return render(request, "referrals/new.html", context)


def _service_from(value: str) -> Service | None:
    try:
        service_id = uuid.UUID(value)
    except ValueError:
        return None
    return (
        Service.objects.select_related("organization__platform_organization")
        .filter(pk=service_id)
        .first()
    )


def _based_on(request: HttpRequest, actor: Actor) -> Referral | None:
    value = request.GET.get("vanuit", "")
    if not value.isdigit():
        return None
    referral, _decision = services.get_referral(int(value), actor=actor)
    return referral


def _resident_from(
    request: HttpRequest, actor: Actor, based_on: Referral | None
) -> Resident | None:
    """The resident to refer: one the professional may see for a referral, or found by BSN or
    name and birth date in this session (then consent may still be missing: the flow asks)."""
    if based_on is not None:
        return based_on.resident
    value = request.GET.get("inwoner", "")
    if not value.isdigit():
        return None
    resident_id = int(value)
    known = resident_id in request.session.get(IDENTIFIED_KEY, [])
    resident = Resident.objects.filter(pk=resident_id, anonymised_at__isnull=True).first()
    if known and resident is not None:
        return resident
    resident, _decision = authorize_id(
        actor,
        resident_id,
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=Purpose.REFERRAL,
        records=[f"resident:{resident_id}"],
    )
    return resident


def _household_from(request: HttpRequest, resident: Resident) -> Household | None:
    value = request.GET.get("huishouden", "")
    if not value.isdigit():
        return None
    return Household.objects.filter(pk=int(value), members__resident=resident).first()


def _choose_resident(request: HttpRequest, service: Service | None) -> HttpResponse:
    form = FindResidentForm(
        request.GET if "bsn" in request.GET or "family_name" in request.GET else None
    )
    found = None
    if form.is_bound and form.is_valid():
        found = find_residents(
            Actor.of(request),
            bsn=form.cleaned_data["bsn"],
            family_name=form.cleaned_data["family_name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        remember_identified(request, [r.pk for r in found])
    context = {
        "form": form,
        "found": found,
        "service": service,
        "soort": request.GET.get("soort", ""),
    }
    return render(request, "referrals/choose_resident.html", context)


def _choose_service(request: HttpRequest, resident: Resident) -> HttpResponse:
    text = request.GET.get("zoek", "").strip()[:200]
    hits = search(SearchParams(text=text)).hits[:10] if text else []
    context = {
        "resident": resident,
        "text": text,
        "hits": hits,
        "soort": request.GET.get("soort", ""),
    }
    return render(request, "referrals/choose_service.html", context)


# --- one referral ----------------------------------------------------------------------------


@capability_required(Capability.WORK_WITH_RESIDENTS)
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = Actor.of(request)
    referral, _decision = services.get_referral(referral_id, actor=actor)
    sides = services.sides_of(actor, referral)
    if RECEIVER in sides and referral.status == Status.REQUESTED and referral.received_at is None:
        referral = services.do_confirm_receipt(referral_id, actor=actor)
    return render(request, "referrals/detail.html", _detail_context(request, referral, sides))


def _detail_context(request: HttpRequest, referral: Referral, sides: set[str]) -> dict[str, Any]:
    version = {"version": referral.version}
    moves = allowed_moves(referral.status, sides)
    activity_text = request.GET.get("activiteit", "").strip()[:200]
    return {
        "referral": referral,
        "is_requester": REQUESTER in sides,
        "is_receiver": RECEIVER in sides,
        "history": services.history_of(referral),
        "activities": list(referral.activities.select_related("service")),
        "moves": moves,
        "transition_form": TransitionForm(initial=version, moves=moves) if moves else None,
        "contact_form": FirstContactForm(initial={**version, "on": clock.today()}),
        "feedback_form": FeedbackForm(),
        "assign_form": AssignForm(
            initial={**version, "assignee": referral.owner_id},
            people=[
                (u.pk, u.get_full_name() or u.email) for u in services.colleagues_for(referral)
            ],
        ),
        "conversation_form": ConversationForm(initial={"on": clock.today()}),
        "activity_form": ActivityForm(initial={"starts_on": clock.today()}),
        "activity_text": activity_text,
        "activity_hits": search(SearchParams(text=activity_text)).hits[:8] if activity_text else [],
        "today": clock.today(),
        "can_work": referral.status in (Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD),
        "can_add_activity": referral.status in (Status.ACCEPTED, Status.IN_PROGRESS),
        "referred_on": list(referral.referred_on.all()),
    }


def _act(
    request: HttpRequest,
    referral_id: int,
    form_class: type,
    change: Callable[[Actor, dict[str, Any]], object],
) -> HttpResponse:
    """Run one change from a posted form; a refusal is shown on the referral, nothing changed."""
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("Nothing was saved: %s") % errors)
        return redirect("referrals:detail", referral_id)
    try:
        change(Actor.of(request), form.cleaned_data)
    except ChangedMeanwhile as error:
        messages.warning(request, str(error))
    except ReferralError as error:
        messages.error(request, _("Nothing was saved: %s") % error)
    else:
        messages.success(request, _("Saved."))
    return redirect("referrals:detail", referral_id)


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def transition(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _act(
        request,
        referral_id,
        TransitionForm,
        lambda actor, data: services.do_transition(
            referral_id,
            actor=actor,
            to_status=data["status"],
            version=data["version"],
            reason=data["reason"],
            note=data["note"],
            outcome=data["outcome"],
        ),
    )


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def first_contact(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _act(
        request,
        referral_id,
        FirstContactForm,
        lambda actor, data: services.do_register_first_contact(
            referral_id, actor=actor, version=data["version"], on=data["on"], note=data["note"]
        ),
    )


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def feedback(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _act(
        request,
        referral_id,
        FeedbackForm,
        lambda actor, data: services.do_add_feedback(referral_id, actor=actor, note=data["note"]),
    )


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def assign(request: HttpRequest, referral_id: int) -> HttpResponse:
    def change(actor: Actor, data: dict[str, Any]) -> object:
        return services.do_assign(
            referral_id, actor=actor, assignee_id=data["assignee"], version=data["version"]
        )

    return _act(request, referral_id, AssignForm, change)


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def conversation(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _act(
        request,
        referral_id,
        ConversationForm,
        lambda actor, data: services.do_record_conversation(
            referral_id, actor=actor, on=data["on"], note=data["note"]
        ),
    )


@require_POST
@capability_required(Capability.WORK_WITH_RESIDENTS)
def activity(request: HttpRequest, referral_id: int) -> HttpResponse:
    def change(actor: Actor, data: dict[str, Any]) -> object:
        service = Service.objects.filter(pk=data["service"]).first() if data["service"] else None
        return services.do_add_activity(
            referral_id,
            actor=actor,
            service=service,
            name=data["name"],
            starts_on=data["starts_on"],
            note=data["note"],
        )

    return _act(request, referral_id, ActivityForm, change)


# --- timeline and numbers --------------------------------------------------------------------


@capability_required(Capability.WORK_WITH_RESIDENTS)
def resident_timeline(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = Actor.of(request)
    view = timeline.for_resident(actor, resident_id)
    return render(request, "referrals/timeline.html", {"timeline": view})


@capability_required(Capability.WORK_WITH_RESIDENTS)
def household_timeline(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = Actor.of(request)
    household = get_object_or_404(Household, pk=household_id)
    view = timeline.for_household(actor, household)
    return render(request, "referrals/timeline.html", {"timeline": view, "household": household})


@capability_required(Capability.WORK_WITH_RESIDENTS)
def numbers(request: HttpRequest) -> HttpResponse:
    organization = Actor.of(request).organization
    assert organization is not None
    figures = insights.figures_for(organization)
    directions = [(_("Received"), figures.received), (_("Sent"), figures.sent)]
    return render(request, "referrals/numbers.html", {"figures": figures, "directions": directions})


@capability_required(Capability.EDIT_ORGANIZATION)
def agreement(request: HttpRequest) -> HttpResponse:
    """The response times the acting organisation agrees to, and its contact person."""
    actor = Actor.of(request)
    organization = actor.organization
    assert organization is not None  # capability_required: an active membership
    current = services.agreement_of(organization)
    people = [(u.pk, u.get_full_name() or u.email) for u in care_colleagues(organization)]
    initial = {
        "receipt_days": current.receipt_days,
        "first_contact_days": current.first_contact_days,
        "escalation_days": current.escalation_days,
        "contact_person": current.contact_person_id,
    }
    form = ResponseAgreementForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = care_colleagues(organization).filter(pk=data["contact_person"]).first()
        try:
            services.do_set_response_agreement(
                organization,
                receipt_days=data["receipt_days"],
                first_contact_days=data["first_contact_days"],
                escalation_days=data["escalation_days"],
                contact_person=contact,
                actor=actor,
            )
        except ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The response times are saved."))
            return redirect("referrals:agreement")
    context = {"form": form, "organization": organization, "agreement": current}
    return render(request, "referrals/agreement.html", context)
