"""Referrals through the JSON API, for GP information systems and case-management systems.

Thin, as the pages: every decision and change is in referrals.services, called with
channel=API so the access log says where it came from. Refusals of the policy decision point
become 404/403 in ontschot.api_exceptions; the refusals of the referral rules become 409 (stale
version, consent missing) or 422 (the rule's message), and nothing is changed.
"""

import hashlib
import json
import threading
from collections.abc import Callable
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import Capability, has_capability
from audit.models import Action, Channel, DataCategory, Purpose
from core import clock
from privacy.policy import (
    AccessDenied,
    Actor,
    Decision,
    Denial,
    authorize,
    authorize_many,
    decide,
)
from referrals import services
from referrals.api import answers
from referrals.api.serializers import (
    ActivityCreateSerializer,
    AssignmentSerializer,
    ChangedMeanwhileSerializer,
    ConsentNeededSerializer,
    ConversationSerializer,
    FeedbackSerializer,
    FirstContactSerializer,
    InboxQuerySerializer,
    ReferralCreateSerializer,
    ReferralErrorSerializer,
    ReferralPageSerializer,
    ReferralRowSerializer,
    ReferralSerializer,
    TransitionAnswerSerializer,
    TransitionSerializer,
)
from referrals.models import CLOSED_STATUSES, OPEN_STATUSES, IdempotentRequest, Referral, Status
from referrals.services import ChangedMeanwhile, ConsentNeeded, ReferralDraft, ReferralError
from referrals.states import RECEIVER, allowed_moves
from residents.models import Household, Resident

PAGE_SIZE = 50
IDEMPOTENCY_KEY_MAX = 200
API = Channel.API


class WorksWithResidents(BasePermission):
    """The same capability the referral pages ask for: a care role in an active organisation."""

    @property
    def message(self) -> str:  # read by DRF when refusing; translated at that moment
        return _("Your role does not give access to referrals.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_capability(request, Capability.WORK_WITH_RESIDENTS)


PERMISSIONS = [IsAuthenticated, WorksWithResidents]

# --- responses -------------------------------------------------------------------------------


def _invalid(errors: Any) -> Response:
    return Response(
        {"detail": _("Some fields are not valid; nothing was saved."), "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _refused(error: ReferralError, referral_id: int | None = None) -> Response:
    """A rule of the referral said no: nothing was changed, the message says why."""
    if isinstance(error, ChangedMeanwhile):
        current = (
            Referral.objects.filter(pk=referral_id).values_list("version", flat=True).first()
            if referral_id is not None
            else None
        )
        body: dict[str, object] = {
            "detail": str(error),
            "reason": "changed_meanwhile",
            "version": current,
        }
        return Response(body, status=status.HTTP_409_CONFLICT, headers=_etag_of(current))
    if isinstance(error, ConsentNeeded):
        body = {
            "detail": str(error),
            "reason": "consent_needed",
            "organizations": [{"id": o.pk, "name": o.name} for o in error.organizations],
            "categories": list(error.categories),
        }
        return Response(body, status=status.HTTP_409_CONFLICT)
    return Response(
        {"detail": str(error), "reason": "refused"}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
    )


def _etag_of(version: int | None) -> dict[str, str]:
    return {"ETag": f'W/"{version}"'} if version is not None else {}


def _referral_response(
    referral: Referral, actor: Actor, *, code: int = status.HTTP_200_OK, history: bool = True
) -> Response:
    """The referral as its parties see it, with its history (unless `history` is False: then
    without events, activities and referred_on); the caller has been authorised for it by the
    service function that fetched or changed it."""
    moves = allowed_moves(referral.status, services.sides_of(actor, referral))
    if history:
        data = answers.referral_data(
            referral,
            allowed_moves=moves,
            events=services.history_of(referral),
            activities=referral.activities.all(),
            referred_on=referral.referred_on.values_list("pk", flat=True).order_by("pk"),
        )
    else:
        data = answers.referral_data(referral, allowed_moves=moves)
    return Response(data, status=code, headers=_etag_of(referral.version))


def _wants_history(request: Request) -> bool:
    """`?include=history` (a comma-separated list, for what may be added later)."""
    return "history" in request.query_params.get("include", "").split(",")


def _version(request: Request, data: dict[str, Any]) -> int:
    """The version the change is based on: the body's `version`, else the If-Match header."""
    version = data.get("version")
    header = request.headers.get("If-Match", "").strip()
    if version is None and header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise serializers.ValidationError(
                {"version": [_('If-Match must be the ETag you read, such as W/"3".')]}
            )
        version = int(value)
    if version is None:
        raise serializers.ValidationError(
            {"version": [_("Send the version you last read (the field version or If-Match).")]}
        )
    return int(version)


# The input serializers of the changes, built once per process, thread and language. DRF builds
# a serializer's fields anew for every instance (a deep copy of each declared field, 0.1-0.8 ms
# per request); `run_validation` is what `is_valid` runs, and it keeps no state in the fields.
# Per language, because a bound validator's message (min_value, max_length: DRF's lazy_format)
# is translated once and then kept.
_checkers = threading.local()


def _checker(serializer_class: type[serializers.Serializer]) -> serializers.Serializer:
    built: dict[tuple[type, str], serializers.Serializer] = _checkers.__dict__.setdefault(
        "built", {}
    )
    key = (serializer_class, translation.get_language())
    checker = built.get(key)
    if checker is None:
        checker = built[key] = serializer_class()
    return checker


def _change(
    request: Request,
    referral_id: int,
    serializer_class: type[serializers.Serializer],
    change: Callable[[Actor, dict[str, Any]], Referral],
    *,
    code: int = status.HTTP_200_OK,
    versioned: bool = False,
    history: bool = True,
) -> Response:
    """Validate the body, run one service function, answer with the referral or the refusal."""
    try:
        data = dict(_checker(serializer_class).run_validation(request.data))
    except serializers.ValidationError as error:
        return _invalid(error.detail)
    if versioned:
        try:
            data["version"] = _version(request, data)
        except serializers.ValidationError as error:
            return _invalid(error.detail)
    actor = Actor.of(request)
    try:
        referral = change(actor, data)
    except ReferralError as error:
        return _refused(error, referral_id)
    return _referral_response(referral, actor, code=code, history=history)


def _refusals(*extra: int) -> dict[int, OpenApiResponse]:
    responses = {
        400: OpenApiResponse(ReferralErrorSerializer, description="A field is not valid"),
        403: OpenApiResponse(
            ReferralErrorSerializer, description="Not allowed (the reason says why)"
        ),
        404: OpenApiResponse(ReferralErrorSerializer, description="Unknown, or not yours to see"),
        422: OpenApiResponse(
            ReferralErrorSerializer, description="A rule of the referral refused it"
        ),
    }
    if 409 in extra:
        responses[409] = OpenApiResponse(
            ChangedMeanwhileSerializer, description="Someone changed it meanwhile"
        )
    return responses


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read (W/"<version>"), instead of version in the body',
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='W/"<version>": send it back as If-Match with a change',
)
INCLUDE = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["history"],
    description="history: answer with the history, the activities and the referrals made from "
    "it too (events, activities, referred_on)",
)

# --- the inbox and creating ------------------------------------------------------------------


def _statuses(value: str) -> list[str]:
    if value == "open":
        return list(OPEN_STATUSES)
    if value == "closed":
        return [s for s in CLOSED_STATUSES if s != Status.ENTERED_IN_ERROR]
    if value == "all":
        return []
    return [value]


@extend_schema(
    methods=["GET"],
    operation_id="referrals_list",
    summary="The organisation's referrals received (box=in) or sent (box=out), newest first",
    parameters=[InboxQuerySerializer],
    responses={
        200: ReferralPageSerializer,
        400: ReferralErrorSerializer,
        403: ReferralErrorSerializer,
    },
    tags=["referrals"],
)
@extend_schema(
    methods=["POST"],
    operation_id="referral_create",
    summary="Refer a resident to a service or organisation (sent at once)",
    description=(
        "Idempotent: send an Idempotency-Key; a repeat with the same key and body returns the "
        "referral made the first time (header Idempotent-Replayed: true), never a second one. "
        "When the resident's consent to share with an organisation is missing the answer is "
        "409 with the organisations and categories; send consent.given_verbally=true once the "
        "resident agreed, and it is recorded together with the referral."
    ),
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            required=True,
            description="Your unique key for this referral, at most 200 characters",
        )
    ],
    request=ReferralCreateSerializer,
    responses={
        201: OpenApiResponse(ReferralSerializer, description="Made and sent (or replayed)"),
        400: OpenApiResponse(
            ReferralErrorSerializer, description="A field or the key is not valid"
        ),
        403: OpenApiResponse(
            ReferralErrorSerializer, description="Not allowed (the reason says why)"
        ),
        404: OpenApiResponse(
            ReferralErrorSerializer, description="Unknown resident, or no tie to them"
        ),
        409: OpenApiResponse(ConsentNeededSerializer, description="Consent needed"),
        422: OpenApiResponse(
            ReferralErrorSerializer,
            description="A rule refused it, or the key was used for another request",
        ),
    },
    tags=["referrals"],
)
@api_view(["GET", "POST"])
@permission_classes(PERMISSIONS)
def referrals(request: Request) -> Response:
    if request.method == "POST":
        return _create(request)
    return _list(request)


def _list(request: Request) -> Response:
    query = InboxQuerySerializer(data=request.query_params.dict())
    if not query.is_valid():
        return _invalid(query.errors)
    params = query.validated_data
    actor = Actor.of(request)
    organization = actor.organization
    assert organization is not None  # WorksWithResidents: an active care membership
    queryset = services.inbox(
        organization,
        box=params["box"],
        statuses=_statuses(params["status"]),
        overdue=params["overdue"],
        mine=actor.user if params["mine"] else None,
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        rows = list(paginator.page(params["page"]).object_list)
    except EmptyPage:
        rows = []
    decisions = authorize_many(
        actor,
        [r.resident for r in rows],
        categories=[DataCategory.REFERRALS],
        purpose=Purpose.REFERRAL,
        records={r.resident_id: [f"referral:{r.pk}"] for r in rows},
        channel=API,
    )
    visible = {pk for pk, decision in decisions.items() if decision.allowed}
    results = ReferralRowSerializer(rows, many=True, context={"visible_residents": visible}).data
    return Response(
        {
            "count": paginator.count,
            "page": params["page"],
            "pages": paginator.num_pages,
            "page_size": PAGE_SIZE,
            "results": results,
        }
    )


def fingerprint_of(data: Any) -> str:
    """sha256 of the body as canonical JSON: the same request, however it was formatted."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def earlier_request(actor: Actor, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(
        user=actor.user, organization=actor.organization, key=key
    ).first()


def _create(request: Request) -> Response:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > IDEMPOTENCY_KEY_MAX:
        message = _(
            "Send an Idempotency-Key header (at most %(max)d characters), unique for this "
            "referral, so that a repeat never makes a second one."
        ) % {"max": IDEMPOTENCY_KEY_MAX}
        return Response({"detail": message, "reason": "idempotency_key_missing"}, status=400)
    actor = Actor.of(request)
    fingerprint = fingerprint_of(request.data)
    earlier = earlier_request(actor, key)
    if earlier is not None:
        return _replay(earlier, fingerprint, actor)
    payload = ReferralCreateSerializer(data=request.data)
    if not payload.is_valid():
        return _invalid(payload.errors)
    data = payload.validated_data
    try:
        draft = _draft(data, actor)
    except serializers.ValidationError as error:
        return _invalid(error.detail)
    consent_given = bool(data.get("consent", {}).get("given_verbally"))
    try:
        referral = _create_once(draft, actor, key, fingerprint, consent_given=consent_given)
    except IntegrityError:
        # The same key, at the same moment, in another request that committed first.
        earlier = earlier_request(actor, key)
        if earlier is None:
            raise
        return _replay(earlier, fingerprint, actor)
    except ReferralError as error:
        return _refused(error)
    return _referral_response(referral, actor, code=status.HTTP_201_CREATED)


def _replay(earlier: IdempotentRequest, fingerprint: str, actor: Actor) -> Response:
    if earlier.fingerprint != fingerprint:
        message = _(
            "This Idempotency-Key was used before for a different request; nothing was saved. "
            "Use a new key for a new referral."
        )
        return Response({"detail": message, "reason": "idempotency_key_reused"}, status=422)
    referral, _decision = services.get_referral(earlier.referral_id, actor=actor, channel=API)
    response = _referral_response(referral, actor, code=status.HTTP_201_CREATED)
    response["Idempotent-Replayed"] = "true"
    return response


def _draft(data: dict[str, Any], actor: Actor) -> ReferralDraft:
    """The referral as asked; the resident and the earlier referral through the policy decision
    point (an id the caller has no tie to answers 404, as for an id nobody has)."""
    based_on = None
    if data.get("based_on") is not None:
        based_on, _decision = services.get_referral(data["based_on"], actor=actor, channel=API)
    if based_on is not None:
        resident = based_on.resident
    else:
        resident = _resident(data["resident"], actor, services.categories_of(data["categories"]))
    if data.get("resident") is not None and data["resident"] != resident.pk:
        raise serializers.ValidationError(
            {"resident": [_("The resident must be the one of the referral you refer on from.")]}
        )
    household = None
    if data.get("household") is not None:
        household = Household.objects.filter(
            pk=data["household"], members__resident=resident
        ).first()
        if household is None:
            raise serializers.ValidationError(
                {"household": [_("The resident is not a member of this household.")]}
            )
    return ReferralDraft(
        resident=resident,
        reason=data["reason"],
        service=data.get("service"),
        organization=data.get("organization"),
        kind=data["kind"],
        resident_wish=data["resident_wish"],
        urgency=data["urgency"],
        categories=data["categories"],
        context=data["context"],
        household=household,
        based_on=based_on,
    )


def _resident(resident_id: int, actor: Actor, categories: list[str]) -> Resident:
    """The resident to refer. There is no finding by BSN in the API, so an id the organisation
    has no tie to answers 404, logged, exactly as an id nobody has, and before any other check
    could tell the two apart. The rest (consent missing, given, or not needed) is decided by
    do_create_referral."""
    resident = Resident.objects.filter(pk=resident_id, anonymised_at__isnull=True).first()
    tied = resident is not None and (
        decide(
            actor,
            resident,
            categories=categories,
            purpose=Purpose.REFERRAL,
            action=Action.CREATE,
        ).reason
        != Denial.NOT_FOUND
    )
    if resident is None or not tied:
        authorize(  # logs the refusal and raises AccessDenied
            actor,
            resident,
            categories=categories,
            purpose=Purpose.REFERRAL,
            action=Action.CREATE,
            records=[f"resident:{resident_id}"],
            channel=API,
            resident_id=resident_id,
        )
        raise AccessDenied(Decision(False, reason=Denial.NOT_FOUND))  # authorize raised already
    return resident


def remember_request(actor: Actor, key: str, fingerprint: str, referral: Referral) -> None:
    assert actor.user is not None and actor.organization is not None
    IdempotentRequest.objects.create(
        user=actor.user,
        organization=actor.organization,
        key=key,
        fingerprint=fingerprint,
        referral=referral,
        created_at=clock.now(),
    )


@transaction.atomic
def _create_once(
    draft: ReferralDraft, actor: Actor, key: str, fingerprint: str, *, consent_given: bool
) -> Referral:
    """The referral, the consents the resident gave (when confirmed) and the idempotency key
    commit together or not at all; the unique key stops a concurrent twin."""
    referral = services.do_create_referral(
        draft, actor=actor, channel=API, consent_given_verbally=consent_given
    )
    remember_request(actor, key, fingerprint, referral)
    return referral


# --- one referral ----------------------------------------------------------------------------


@extend_schema(
    operation_id="referral_read",
    summary="One referral with its history and the activities agreed",
    description="The receiving organisation reading a sent referral confirms its receipt, as "
    "opening it on the page does.",
    parameters=[ETAG],
    responses={
        200: ReferralSerializer,
        403: ReferralErrorSerializer,
        404: ReferralErrorSerializer,
    },
    tags=["referrals"],
)
@api_view(["GET"])
@permission_classes(PERMISSIONS)
def referral_detail(request: Request, referral_id: int) -> Response:
    actor = Actor.of(request)
    referral, _decision = services.get_referral(referral_id, actor=actor, channel=API)
    sides = services.sides_of(actor, referral)
    receiver = RECEIVER in sides
    if receiver and referral.status == Status.REQUESTED and referral.received_at is None:
        referral = services.do_confirm_receipt(referral_id, actor=actor, channel=API)
    return _referral_response(referral, actor)


@extend_schema(
    operation_id="referral_transition",
    summary="Move the referral to another status",
    description="Rejected, cancelled, on-hold and failed need a reason (other: with a note); "
    "completed needs an outcome. A stale version answers 409 with the current one. The answer "
    "is the referral as changed, without its history, activities and the referrals made from "
    "it (events, activities, referred_on) unless asked with ?include=history.",
    parameters=[IF_MATCH, ETAG, INCLUDE],
    request=TransitionSerializer,
    responses={200: TransitionAnswerSerializer, **_refusals(409)},
    tags=["referrals"],
)
@api_view(["POST"])
@permission_classes(PERMISSIONS)
def transition(request: Request, referral_id: int) -> Response:
    return _change(
        request,
        referral_id,
        TransitionSerializer,
        lambda actor, data: services.do_transition(
            referral_id,
            actor=actor,
            to_status=data["status"],
            version=data["version"],
            reason=data["reason"],
            note=data["note"],
            outcome=data["outcome"],
            channel=API,
        ),
        versioned=True,
        history=_wants_history(request),
    )


@extend_schema(
    operation_id="referral_feedback",
    summary="A message to the other side (feedback, a question, an answer)",
    request=FeedbackSerializer,
    responses={201: ReferralSerializer, **_refusals()},
    tags=["referrals"],
)
@api_view(["POST"])
@permission_classes(PERMISSIONS)
def feedback(request: Request, referral_id: int) -> Response:
    return _change(
        request,
        referral_id,
        FeedbackSerializer,
        lambda actor, data: (
            services.do_add_feedback(
                referral_id, actor=actor, note=data["message"], channel=API
            ).referral
        ),
        code=status.HTTP_201_CREATED,
    )


@extend_schema(
    operation_id="referral_first_contact",
    summary="The receiver spoke to the resident for the first time",
    parameters=[IF_MATCH, ETAG],
    request=FirstContactSerializer,
    responses={200: ReferralSerializer, **_refusals(409)},
    tags=["referrals"],
)
@api_view(["POST"])
@permission_classes(PERMISSIONS)
def first_contact(request: Request, referral_id: int) -> Response:
    return _change(
        request,
        referral_id,
        FirstContactSerializer,
        lambda actor, data: services.do_register_first_contact(
            referral_id,
            actor=actor,
            version=data["version"],
            on=data.get("on"),
            note=data["note"],
            channel=API,
        ),
        versioned=True,
    )


@extend_schema(
    operation_id="referral_assign",
    summary="Give the referral to a colleague of the receiving organisation (or back)",
    parameters=[IF_MATCH, ETAG],
    request=AssignmentSerializer,
    responses={200: ReferralSerializer, **_refusals(409)},
    tags=["referrals"],
)
@api_view(["POST"])
@permission_classes(PERMISSIONS)
def assignment(request: Request, referral_id: int) -> Response:
    return _change(
        request,
        referral_id,
        AssignmentSerializer,
        lambda actor, data: services.do_assign(
            referral_id,
            actor=actor,
            assignee_id=data["assignee"],
            version=data["version"],
            channel=API,
        ),
        versioned=True,
    )


@extend_schema(
    operation_id="referral_conversation",
    summary="Record a conversation with the resident",
    request=ConversationSerializer,
    responses={201: ReferralSerializer, **_refusals()},
    tags=["referrals"],
)
@api_view(["POST"])
@permission_classes(PERMISSIONS)
def conversations(request: Request, referral_id: int) -> Response:
    return _change(
        request,
        referral_id,
        ConversationSerializer,
        lambda actor, data: (
            services.do_record_conversation(
                referral_id, actor=actor, on=data["on"], note=data["note"], channel=API
            ).referral
        ),
        code=status.HTTP_201_CREATED,
    )


@extend_schema(
    operation_id="referral_activity",
    summary="An activity agreed with the resident, preferably from the directory",
    request=ActivityCreateSerializer,
    responses={201: ReferralSerializer, **_refusals()},
    tags=["referrals"],
)
@api_view(["POST"])
@permission_classes(PERMISSIONS)
def activities(request: Request, referral_id: int) -> Response:
    return _change(
        request,
        referral_id,
        ActivityCreateSerializer,
        lambda actor, data: (
            services.do_add_activity(
                referral_id,
                actor=actor,
                service=data.get("service"),
                name=data["name"],
                starts_on=data.get("starts_on"),
                note=data["note"],
                channel=API,
            ).referral
        ),
        code=status.HTTP_201_CREATED,
    )
