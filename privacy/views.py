"""Consent and access pages: the resident's own (under /mijn/), the professional's (recording a
consent, emergency access) and the privacy officer's (/privacy/). Views stay thin: the rules are
in privacy.services and privacy.policy."""

import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.permissions import Capability, capability_required
from audit import services as audit
from audit.models import Action, AuditEntry, Channel, DataCategory, Outcome, Purpose
from privacy import accesses
from privacy.export import resident_data
from privacy.forms import (
    AnswerForm,
    BreakGlassForm,
    DataRequestForm,
    PortalConsentForm,
    RecordConsentForm,
    ReviewForm,
)
from privacy.models import BreakGlassAccess, Consent, DataRequest
from privacy.pdf import resident_pdf
from privacy.policy import DENIAL_LABELS, Actor, Denial, authorize, authorize_id, decide
from privacy.services import (
    ConsentError,
    do_answer_data_request,
    do_break_glass,
    do_record_consent,
    do_request_data,
    do_review_break_glass,
    do_revoke_consent,
)
from residents.models import LegalRepresentative, Resident
from residents.services import care_team_of, own_resident_record, representatives_of
from residents.views import IDENTIFIED_KEY

# --- The resident -----------------------------------------------------------------------------


def _subject(request: HttpRequest, resident_id: int | None, action: str, channel: str) -> Resident:
    """The resident themself, or — with an id — a person they legally represent now. Either way
    through the policy decision point, which logs it; anyone else gets the same "not found"."""
    resident = _own_resident(request) if resident_id is None else None
    resident, decision = authorize_id(
        Actor.of(request),
        resident.pk if resident is not None else resident_id,  # type: ignore[arg-type]
        categories=[c.value for c in DataCategory],
        purpose=Purpose.OWN_DATA,
        action=action,
        records=[f"resident:{resident.pk if resident else resident_id}"],
        channel=channel,
    )
    if resident_id is not None and not decision.basis.startswith("legal_representative:"):
        raise Http404
    return resident


def _own_resident(request: HttpRequest) -> Resident:
    resident, _members = own_resident_record(request.user)
    if resident is None:
        raise Http404(_("Your account is not yet linked to your details."))
    return resident


@capability_required(Capability.RESIDENT_PORTAL)
def my_consents(request: HttpRequest) -> HttpResponse:
    resident = _own_resident(request)
    actor = Actor.of(request)
    form = PortalConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _record_portal_consent(
                resident, form, actor, given_by_resident=True, representative=None
            )
        except ConsentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your consent has been saved. It counts from now."))
            return redirect("privacy:my_consents")
    consents = Consent.objects.filter(resident=resident).select_related(
        "organization", "recorded_by", "recorded_for"
    )
    now = timezone.now()
    in_force = list(
        Consent.objects.in_force(now).filter(resident=resident).values_list("pk", flat=True)
    )
    context = {
        "resident": resident,
        "form": form,
        "in_force": [c for c in consents if c.pk in in_force],
        "past": [c for c in consents if c.pk not in in_force],
    }
    return render(request, "privacy/my_consents.html", context)


def _record_portal_consent(
    resident: Resident,
    form: PortalConsentForm,
    actor: Actor,
    *,
    given_by_resident: bool,
    representative: LegalRepresentative | None,
) -> Consent:
    organization = form.cleaned_data["organization"]
    return do_record_consent(
        resident,
        organization_id=organization.pk if organization else None,
        care_team=organization is None,
        purpose=form.cleaned_data["purpose"],
        categories=form.cleaned_data["categories"],
        starts_at=timezone.now(),
        ends_at=form.ends_at(),
        method=Consent.Method.PORTAL,
        given_by_resident=given_by_resident,
        representative=representative,
        actor=actor,
    )


@require_POST
@capability_required(Capability.RESIDENT_PORTAL)
def revoke_consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    """The resident, or their legal representative, withdraws a consent."""
    actor = Actor.of(request)
    consent = Consent.objects.select_related("resident").filter(pk=consent_id).first()
    if (
        consent is None
        or not decide(actor, consent.resident, categories=[], purpose=Purpose.OWN_DATA).allowed
    ):
        raise Http404(_("There is no such consent."))
    own = actor.user is not None and consent.resident.account_id == actor.user.pk
    if do_revoke_consent(consent, actor=actor):
        if own:
            messages.success(request, _("Your consent has been withdrawn. It no longer counts."))
        else:
            messages.success(request, _("The consent has been withdrawn. It no longer counts."))
    if own:
        return redirect("privacy:my_consents")
    return redirect("privacy:represented", consent.resident_id)


@capability_required(Capability.RESIDENT_PORTAL)
def represented(request: HttpRequest, resident_id: int) -> HttpResponse:
    """What a parent, guardian or mentor sees of the resident they represent (logged)."""
    resident, decision = authorize_id(
        Actor.of(request),
        resident_id,
        categories=[c.value for c in DataCategory if c != DataCategory.AUDIT],
        purpose=Purpose.OWN_DATA,
        records=[f"resident:{resident_id}"],
    )
    if not decision.basis.startswith("legal_representative:"):
        return redirect("residents:portal")  # their own record
    representation = LegalRepresentative.objects.get(pk=decision.basis.partition(":")[2])
    form = PortalConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _record_portal_consent(
                resident,
                form,
                Actor.of(request),
                given_by_resident=False,
                representative=representation,
            )
        except ConsentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The consent has been saved. It counts from now."))
            return redirect("privacy:represented", resident.pk)
    recent, _cursor_next = accesses.accesses_page(resident)
    context = {
        "form": form,
        "resident": resident,
        "care_team": care_team_of(resident),
        "consents": Consent.objects.in_force()
        .filter(resident=resident)
        .select_related("organization"),
        "recent_accesses": recent[:10],
    }
    return render(request, "privacy/represented.html", context)


@capability_required(Capability.RESIDENT_PORTAL)
def my_accesses(request: HttpRequest) -> HttpResponse:
    """Who looked at my data, in sentences, newest first."""
    resident = _own_resident(request)
    before = _cursor(request.GET.get("voor", ""))
    page, cursor = accesses.accesses_page(resident, before=before)
    next_url = f"?voor={cursor[0].isoformat()}_{cursor[1]}" if cursor else ""
    return render(
        request,
        "privacy/my_accesses.html",
        {"resident": resident, "accesses": page, "next_url": next_url},
    )


def _cursor(text: str) -> tuple[datetime.datetime, int] | None:
    moment, _sep, entry_id = text.rpartition("_")
    at = parse_datetime(moment) if moment else None
    return (at, int(entry_id)) if at is not None and entry_id.isdigit() else None


@capability_required(Capability.RESIDENT_PORTAL)
def download(
    request: HttpRequest, file_format: str = "json", resident_id: int | None = None
) -> HttpResponse:
    """All my data — or that of the person I represent — as JSON (portability) or as a readable
    PDF (access); the download is logged."""
    resident = _subject(request, resident_id, Action.EXPORT, Channel.EXPORT)
    stem = f"ontschot-mijn-gegevens-{timezone.localdate():%Y-%m-%d}"
    if file_format == "pdf":
        response = HttpResponse(resident_pdf(resident), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    body = json.dumps(resident_data(resident), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return response


@capability_required(Capability.RESIDENT_PORTAL)
def my_requests(request: HttpRequest, resident_id: int | None = None) -> HttpResponse:
    """Ask an organisation to show, correct or erase data (mine, or of the person I represent);
    see the answers."""
    resident = _subject(request, resident_id, Action.READ, Channel.PAGE)
    form = DataRequestForm(request.POST or None, organizations=_organizations_of(resident))
    if request.method == "POST" and form.is_valid():
        do_request_data(
            resident,
            organization_id=form.cleaned_data["organization"].pk,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            actor=Actor.of(request),
        )
        messages.success(
            request, _("Your request has been sent. The organisation answers within a month.")
        )
        if resident_id is not None:
            return redirect("privacy:represented_requests", resident_id)
        return redirect("privacy:my_requests")
    requests = DataRequest.objects.filter(resident=resident).select_related("organization")
    context = {
        "form": form,
        "requests": requests.order_by("-created_at"),
        "represented": resident if resident_id is not None else None,
    }
    return render(request, "privacy/my_requests.html", context)


def _organizations_of(resident: Resident) -> QuerySet[Organization]:
    """Organisations involved with the resident or given consent; all when there are none."""
    involved = Organization.objects.filter(
        Q(care_teams__resident=resident) | Q(consents_received__resident=resident),
        is_active=True,
    ).distinct()
    if involved.exists():
        return involved.order_by("name")
    return Organization.objects.filter(is_active=True).order_by("name")


# --- The professional -------------------------------------------------------------------------


def _identified_resident(request: HttpRequest, resident_id: int) -> Resident:
    """The resident, if this professional found them (by BSN or name and birth date) in this
    session or their organisation has a tie to them; otherwise a logged not-found."""
    actor = Actor.of(request)
    resident = Resident.objects.filter(pk=resident_id).first()
    identified = resident_id in request.session.get(IDENTIFIED_KEY, [])
    tie = resident is not None and (
        identified
        or decide(actor, resident, categories=[], purpose=Purpose.CARE_COORDINATION).reason
        != Denial.NOT_FOUND
    )
    if resident is None or not tie:
        # Logs the refusal and raises AccessDenied (a not-found for the asker).
        resident, _decision = authorize_id(
            actor, resident_id, categories=[], purpose=Purpose.CARE_COORDINATION
        )
    return resident


@capability_required(Capability.WORK_WITH_RESIDENTS)
def record_consent(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _identified_resident(request, resident_id)
    actor = Actor.of(request)
    representatives = representatives_of(resident)
    form = RecordConsentForm(request.POST or None, representatives=representatives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = actor.organization
        for_care_team = data["recipient"] == "care_team"
        try:
            do_record_consent(
                resident,
                organization_id=None if for_care_team or organization is None else organization.pk,
                care_team=for_care_team,
                purpose=data["purpose"],
                categories=data["categories"],
                starts_at=timezone.now(),
                ends_at=form.ends_at(),
                method=Consent.Method.VERBAL,
                given_by_resident=data["given_by_resident"],
                representative=data.get("representative"),
                actor=actor,
            )
        except ConsentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The consent has been recorded. The resident is told and can withdraw it."),
            )
            return redirect("residents:file", resident.pk)
    return render(request, "privacy/record_consent.html", {"resident": resident, "form": form})


@capability_required(Capability.WORK_WITH_RESIDENTS)
def break_glass(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _identified_resident(request, resident_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_break_glass(resident, reason=form.cleaned_data["reason"], actor=Actor.of(request))
        except ConsentError as error:
            form.add_error(None, str(error))
        else:
            messages.warning(
                request,
                _(
                    "Emergency access is open for a few hours. The resident is told and the privacy officer checks it."
                ),
            )
            return redirect("residents:file", resident.pk)
    return render(request, "privacy/break_glass.html", {"resident": resident, "form": form})


# --- The privacy officer ----------------------------------------------------------------------


@capability_required(Capability.REVIEW_PRIVACY)
def overview(request: HttpRequest) -> HttpResponse:
    """Emergency accesses to review, denied-access patterns and the audit chain check."""
    verification = None
    if request.method == "POST":
        verification = audit.verify_chain()
    since = timezone.now() - datetime.timedelta(days=30)
    denials = [
        {**row, "reason_label": DENIAL_LABELS.get(row["reason"], row["reason"])}
        for row in AuditEntry.objects.filter(outcome=Outcome.DENIED, at__gte=since)
        .values("organization_name", "actor_name", "reason")
        .annotate(n=Count("id"))
        .order_by("-n")[:20]
    ]
    context: dict[str, Any] = {
        "requests": DataRequest.objects.filter(status=DataRequest.Status.OPEN).select_related(
            "organization"
        ),
        "today": timezone.localdate(),
        "to_review": BreakGlassAccess.objects.filter(reviewed_at__isnull=True).select_related(
            "user", "organization"
        ),
        "reviewed": BreakGlassAccess.objects.filter(reviewed_at__isnull=False).select_related(
            "user", "organization", "reviewed_by"
        )[:20],
        "denials": denials,
        "verification": verification,
    }
    return render(request, "privacy/overview.html", context)


def _privacy_review(request: HttpRequest, resident: Resident, record: str) -> Actor:
    """The privacy officer opens a case about a resident: the log and their name, logged."""
    actor = Actor.of(request)
    authorize(
        actor,
        resident,
        categories=[DataCategory.AUDIT, DataCategory.CONTACT_DETAILS],
        purpose=Purpose.PRIVACY_REVIEW,
        records=[record],
    )
    return actor


@capability_required(Capability.REVIEW_PRIVACY)
def review(request: HttpRequest, access_id: int) -> HttpResponse:
    access = get_object_or_404(
        BreakGlassAccess.objects.select_related("user", "organization", "resident"), pk=access_id
    )
    actor = _privacy_review(request, access.resident, f"break_glass:{access.pk}")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_review_break_glass(
            access,
            justified=form.cleaned_data["justified"],
            note=form.cleaned_data["note"],
            reviewer=actor,
        )
        messages.success(request, _("The review has been saved."))
        return redirect("privacy:overview")
    # What the resident's data were used for in the emergency: the log, not the data itself.
    used = AuditEntry.objects.filter(basis=f"break_glass:{access.pk}").order_by("id")
    return render(request, "privacy/review.html", {"access": access, "form": form, "used": used})


@capability_required(Capability.REVIEW_PRIVACY)
def answer_request(request: HttpRequest, request_id: int) -> HttpResponse:
    data_request = get_object_or_404(
        DataRequest.objects.select_related("resident", "organization"), pk=request_id
    )
    actor = _privacy_review(request, data_request.resident, f"data_request:{data_request.pk}")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_answer_data_request(
            data_request,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
            actor=actor,
        )
        messages.success(request, _("The answer has been saved and the resident is told."))
        return redirect("privacy:overview")
    return render(
        request, "privacy/answer_request.html", {"data_request": data_request, "form": form}
    )
