"""Referrals: create, send, move through the states, feed back, and chase when late.

Pages, the JSON API and the background worker all call these functions. Each one runs in one
transaction: the referral, its history event, the notifications and the audit entry commit
together or not at all, so a failure midway leaves no half referral. Every read or change of a
referral asks the policy decision point (privacy.policy) with the data category "referrals".
"""

import copy
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, User
from audit.models import Action, Channel, DataCategory, Purpose
from core import clock, prepared
from core.prepared import OneRow
from core.text import TextError, clean_plain_text
from core.workdays import add_working_days
from directory.models import Service
from privacy.models import Consent
from privacy.policy import (
    CARE_ROLES,
    AccessDenied,
    Actor,
    Decision,
    Denial,
    authorize,
    decide,
    organization_consent,
    record_decision,
)
from privacy.services import ConsentError, do_record_consent
from referrals import notices
from referrals.models import (
    SHAREABLE_CATEGORIES,
    AgreedActivity,
    BusinessStatus,
    Deadline,
    EventKind,
    Kind,
    Outcome,
    Referral,
    ReferralEvent,
    ResponseAgreement,
    Status,
    StatusReason,
    Urgency,
)
from referrals.people import care_colleagues
from referrals.states import NEEDS_OUTCOME, NEEDS_REASON, RECEIVER, REQUESTER, sides_allowed
from residents.models import Household, Resident

MAX_TEXT = 4000
MAX_NOTE = 2000
DEFAULT_RECEIPT_DAYS = 2
DEFAULT_FIRST_CONTACT_DAYS = 5
DEFAULT_ESCALATION_DAYS = 1


class ReferralError(Exception):
    """The referral cannot be made or changed as asked; the message says why, for the user."""


class ChangedMeanwhile(ReferralError):
    """Someone else changed the referral after this person loaded it."""


class ConsentNeeded(ReferralError):
    """The resident has not (yet) agreed that these organisations share these data."""

    def __init__(self, organizations: list[Organization], categories: list[str]) -> None:
        names = ", ".join(o.name for o in organizations)
        super().__init__(
            _(
                "The resident has not given consent to share this with %(names)s. Ask the "
                "resident, and record the consent they give."
            )
            % {"names": names}
        )
        self.organizations = organizations
        self.categories = categories


@dataclass
class ReferralDraft:
    """What the referrer fills in."""

    resident: Resident
    reason: str
    service: Service | None = None
    organization: Organization | None = None  # when referring to an organisation, no service
    kind: str = Kind.REFERRAL
    resident_wish: str = ""
    urgency: str = Urgency.ROUTINE
    categories: Sequence[str] = field(default_factory=tuple)
    context: str = ""
    household: Household | None = None
    based_on: Referral | None = None


# --- who is who -----------------------------------------------------------------------------


def receiving_organization(
    service: Service | None, organization: Organization | None
) -> Organization:
    """The platform organisation that receives a referral to this service (or organisation)."""
    if service is not None:
        provider = service.organization
        receiver = provider.platform_organization
        if receiver is None or not receiver.is_active:
            raise ReferralError(
                _(
                    "%(provider)s does not receive referrals through ontschot yet. Call or "
                    "e-mail their contact person instead."
                )
                % {"provider": provider.name}
            )
        if service.status != Service.Status.ACTIVE:
            raise ReferralError(_("This service is not active; choose another one."))
        return receiver
    if organization is None or not organization.is_active:
        raise ReferralError(_("Choose the service or organisation you refer to."))
    return organization


def sides_of(actor: Actor, referral: Referral) -> set[str]:
    """Which side of the referral the actor is on, through the organisation they act for."""
    organization_id = actor.membership.organization_id if actor.membership else None
    sides = set()
    if organization_id == referral.requester_organization_id:
        sides.add(REQUESTER)
    if organization_id == referral.performer_organization_id:
        sides.add(RECEIVER)
    return sides


def categories_of(referral_categories: Sequence[str]) -> list[str]:
    """The data categories a referral shares: the referral itself, plus what the referrer chose."""
    chosen = [c for c in SHAREABLE_CATEGORIES if c in set(referral_categories)]
    return [DataCategory.REFERRALS, *chosen]


def consents_missing(
    resident: Resident,
    organizations: Sequence[Organization],
    categories: Sequence[str],
) -> list[Organization]:
    """The organisations (sender and receiver) without a consent in force for this referral."""
    moment = clock.now()
    return [
        o
        for o in dict.fromkeys(organizations)
        if organization_consent(
            resident, o, purpose=Purpose.REFERRAL, categories=categories, moment=moment
        )
        is None
    ]


@transaction.atomic
def do_record_referral_consent(
    resident: Resident,
    organizations: Sequence[Organization],
    categories: Sequence[str],
    *,
    actor: Actor,
    channel: str = Channel.PAGE,
) -> list[Consent]:
    """The resident agreed (verbally, to this professional) that these organisations share these
    data for a referral. Recorded as in the consent pages: the resident is told and can revoke."""
    consents = []
    for organization in organizations:
        try:
            consents.append(
                do_record_consent(
                    resident,
                    organization_id=organization.pk,
                    care_team=False,
                    purpose=Purpose.REFERRAL,
                    categories=list(categories),
                    starts_at=clock.now(),
                    ends_at=None,
                    method=Consent.Method.VERBAL,
                    given_by_resident=True,
                    representative=None,
                    actor=actor,
                    channel=channel,
                )
            )
        except ConsentError as error:
            raise ReferralError(str(error)) from error
    return consents


# --- creating and sending -------------------------------------------------------------------


def _clean_draft(draft: ReferralDraft) -> ReferralDraft:
    try:
        draft.reason = clean_plain_text(
            draft.reason,
            _("The complaints") if draft.kind == Kind.SOCIAL_PRESCRIPTION else _("The question"),
            max_length=MAX_TEXT,
            required=True,
        )
        draft.resident_wish = clean_plain_text(
            draft.resident_wish, _("The resident's wish"), max_length=MAX_TEXT
        )
        draft.context = clean_plain_text(draft.context, _("The context"), max_length=MAX_TEXT)
    except TextError as error:
        raise ReferralError(str(error)) from error
    if draft.kind not in Kind.values:
        raise ReferralError(_("Choose the kind of referral."))
    if draft.urgency not in Urgency.values:
        raise ReferralError(_("Choose how urgent it is."))
    unknown = [c for c in draft.categories if c not in SHAREABLE_CATEGORIES]
    if unknown:
        raise ReferralError(
            _("These data cannot be shared with a referral: %s") % ", ".join(unknown)
        )
    return draft


def _refuse_strangers(
    actor: Actor, resident: Resident, categories: list[str], channel: str, known: bool
) -> None:
    decision = decide(
        actor,
        resident,
        categories=categories,
        purpose=Purpose.REFERRAL,
        action=Action.CREATE,
        known_to_actor=known,
    )
    if decision.reason == Denial.NOT_FOUND:
        authorize(  # logs the refusal and raises AccessDenied
            actor,
            resident,
            categories=categories,
            purpose=Purpose.REFERRAL,
            action=Action.CREATE,
            channel=channel,
        )


def _check_referrer(actor: Actor) -> Membership:
    membership = actor.membership
    if actor.user is None or membership is None or membership.role not in CARE_ROLES:
        raise ReferralError(_("Only a professional in a care role can refer."))
    return membership


@transaction.atomic
def do_create_referral(
    draft: ReferralDraft,
    *,
    actor: Actor,
    send: bool = True,
    channel: str = Channel.PAGE,
    known_to_actor: bool = False,
    consent_given_verbally: bool = False,
) -> Referral:
    """Make the referral (a draft, or sent at once). Raises ReferralError, ConsentNeeded (the
    flow then asks for consent) or AccessDenied, and then nothing is written but the audit entry
    of the refusal.

    `known_to_actor`: the professional found the resident by BSN or by name and birth date. A
    resident the organisation has no tie to and did not find is refused as unknown, before any
    question about consent could reveal that the resident exists.

    `consent_given_verbally`: the professional confirms the resident just agreed; the consents
    that are missing are recorded (the resident is told) in the same transaction.
    """
    membership = _check_referrer(actor)
    draft = _clean_draft(draft)
    receiver = receiving_organization(draft.service, draft.organization)
    categories = categories_of(draft.categories)
    _refuse_strangers(actor, draft.resident, categories, channel, known_to_actor)
    missing = consents_missing(draft.resident, [membership.organization, receiver], categories)
    if missing and consent_given_verbally:
        do_record_referral_consent(
            draft.resident, missing, categories, actor=actor, channel=channel
        )
    elif missing:
        raise ConsentNeeded(missing, categories)
    asked = {"categories": categories, "purpose": Purpose.REFERRAL, "action": Action.CREATE}
    decision = decide(actor, draft.resident, **asked)  # type: ignore[arg-type]
    if not decision.allowed:
        authorize(actor, draft.resident, channel=channel, **asked)  # type: ignore[arg-type]
    now = clock.now()
    user = actor.user
    assert user is not None  # _check_referrer
    referral = Referral.objects.create(
        kind=draft.kind,
        resident=draft.resident,
        household=draft.household,
        requester=user,
        requester_organization=membership.organization,
        requester_phone=membership.organization.phone,
        requester_email=user.email,
        service=draft.service,
        service_name=draft.service.name if draft.service else "",
        performer_organization=receiver,
        reason=draft.reason,
        resident_wish=draft.resident_wish,
        urgency=draft.urgency,
        shared_categories=categories,
        context=draft.context,
        consent_id=organization_consent(
            draft.resident, receiver, purpose=Purpose.REFERRAL, categories=categories, moment=now
        ),
        based_on=draft.based_on,
        authored_at=now,
        last_modified=now,
    )
    _event(referral, actor, EventKind.CREATED, now=now, to_status=Status.DRAFT)
    if send:
        _send(referral, actor, now)
    referral.save()
    # Last, as in _Change.save: the access log's lock is then held only for the append and commit.
    record_decision(
        actor,
        decision,
        resident_id=draft.resident.pk,
        records=[f"referral:{referral.pk}"],
        channel=channel,
        **asked,  # type: ignore[arg-type]
    )
    return referral


def _send(referral: Referral, actor: Actor, now: datetime.datetime) -> None:
    agreement = agreement_of(referral.performer_organization)
    referral.status = Status.REQUESTED
    referral.requested_at = now
    referral.last_modified = now
    _start_deadline(referral, Deadline.RECEIPT, agreement, timezone.localdate(now))
    _event(
        referral,
        actor,
        EventKind.STATUS,
        now=now,
        from_status=Status.DRAFT,
        to_status=Status.REQUESTED,
    )
    notices.referral_sent(referral, agreement)


# Read when a deadline starts (sending, acceptance): a prepared statement (core.prepared).
_AGREEMENT = OneRow(
    ResponseAgreement,
    lambda organization_id: (
        ResponseAgreement.objects.select_related("contact_person")
        .filter(organization_id=organization_id)
        .order_by()
    ),
)


def agreement_of(organization: Organization) -> ResponseAgreement:
    """The organisation's agreed response times, or the defaults (2 and 5 working days)."""
    agreement = _AGREEMENT.get(organization.pk)
    return agreement or ResponseAgreement(
        organization=organization,
        receipt_days=DEFAULT_RECEIPT_DAYS,
        first_contact_days=DEFAULT_FIRST_CONTACT_DAYS,
        escalation_days=DEFAULT_ESCALATION_DAYS,
    )


def _start_deadline(
    referral: Referral, deadline: str, agreement: ResponseAgreement, from_day: datetime.date
) -> None:
    days = agreement.receipt_days if deadline == Deadline.RECEIPT else agreement.first_contact_days
    referral.deadline = deadline
    referral.due_on = add_working_days(from_day, days)
    referral.check_on = referral.due_on + datetime.timedelta(days=1)
    referral.reminders_sent = 0


def _stop_deadline(referral: Referral) -> None:
    referral.deadline = ""
    referral.due_on = None
    referral.check_on = None


# --- reading ---------------------------------------------------------------------------------


def get_referral(
    referral_id: int,
    *,
    actor: Actor,
    action: str = Action.READ,
    channel: str = Channel.PAGE,
    for_update: bool = False,
) -> tuple[Referral, Decision]:
    """The referral, if the actor's organisation is a side of it and the resident's consent
    allows; otherwise AccessDenied (shown as "not found": guessing numbers reveals nothing).
    The access is in the audit log either way."""
    referral, decision = _decide(referral_id, actor, action, channel, for_update=for_update)
    _record(referral, decision, actor, action, channel)
    return referral, decision


def _with_parties(referral_id: int) -> QuerySet[Referral]:
    return (
        Referral.objects.select_related(
            "resident", "requester", "requester_organization", "performer_organization", "owner"
        )
        .filter(pk=referral_id)
        .order_by()
    )


# A referral with its parties, read (or locked for a change) on every request about it: compiled
# once and run as a prepared statement (core.prepared; docs/performance.md, "Referrals").
_READ = OneRow(Referral, _with_parties)
_LOCKED = OneRow(
    Referral, lambda pk: _with_parties(pk).select_for_update(of=("self",)), for_write=True
)


def _decide(
    referral_id: int, actor: Actor, action: str, channel: str, *, for_update: bool
) -> tuple[Referral, Decision]:
    """Read the referral and decide; a refusal is logged (by `authorize`) and raised, an
    allowance is returned for the caller to log (`_record`)."""
    referral = (_LOCKED if for_update else _READ).get(int(referral_id))
    asked = {
        "categories": [DataCategory.REFERRALS],
        "purpose": Purpose.REFERRAL,
        "action": action,
        "records": [f"referral:{referral_id}"],
        "channel": channel,
    }
    if referral is None or not sides_of(actor, referral):
        resident_id = referral.resident_id if referral else None
        authorize(actor, None, resident_id=resident_id, **asked)  # type: ignore[arg-type]
        raise AccessDenied(Decision(False, reason=Denial.NOT_FOUND))  # authorize raised already
    decision = decide(
        actor,
        referral.resident,
        categories=[DataCategory.REFERRALS],
        purpose=Purpose.REFERRAL,
        action=action,
    )
    if not decision.allowed:
        authorize(actor, referral.resident, **asked)  # type: ignore[arg-type]
    return referral, decision


def _record(
    referral: Referral, decision: Decision, actor: Actor, action: str, channel: str
) -> None:
    record_decision(
        actor,
        decision,
        resident_id=referral.resident_id,
        categories=[DataCategory.REFERRALS],
        purpose=Purpose.REFERRAL,
        action=action,
        records=[f"referral:{referral.pk}"],
        channel=channel,
    )


@dataclass
class _Change:
    """A referral opened for a change: locked, decided, its audit entry still to write.

    The entry is written by `save` (or `log`) as the transaction's last statement: appending to
    the access log takes the chain's lock until commit, so writing it last keeps the serialised
    part of a change short (docs/performance.md, "Referrals"). `save` writes only the columns
    the change set (and the version).
    """

    referral: Referral
    decision: Decision
    actor: Actor
    channel: str
    loaded: dict[str, object] = field(init=False)

    def __post_init__(self) -> None:
        self.loaded = _columns(self.referral)

    def save(self) -> Referral:
        # The row is locked (select_for_update) since it was read: counting up here is safe.
        self.referral.version += 1
        now = _columns(self.referral)
        prepared.update(self.referral, [k for k, v in now.items() if v != self.loaded[k]])
        self.log()
        return self.referral

    def log(self) -> None:
        _record(self.referral, self.decision, self.actor, Action.UPDATE, self.channel)


_COLUMNS = [f.attname for f in Referral._meta.concrete_fields if not f.primary_key]


def _columns(referral: Referral) -> dict[str, object]:
    """The referral's column values; lists and dicts (JSON) copied, so a change in place shows."""
    values = {}
    for name in _COLUMNS:
        value = referral.__dict__[name]
        values[name] = copy.deepcopy(value) if isinstance(value, list | dict) else value
    return values


def _open(referral_id: int, actor: Actor, channel: str) -> _Change:
    referral, decision = _decide(referral_id, actor, Action.UPDATE, channel, for_update=True)
    return _Change(referral, decision, actor, channel)


def inbox(
    organization: Organization,
    *,
    box: str = "in",
    statuses: Sequence[str] = (),
    overdue: bool = False,
    mine: User | None = None,
) -> QuerySet[Referral]:
    """The organisation's referrals received (`in`) or sent (`out`), newest first. The caller
    decides per row what it may show of the resident (privacy.policy.authorize_many)."""
    queryset = Referral.objects.select_related(
        "resident", "requester_organization", "performer_organization", "owner", "service"
    )
    if box == "out":
        queryset = queryset.filter(requester_organization=organization)
    else:
        queryset = queryset.filter(performer_organization=organization).exclude(status=Status.DRAFT)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if overdue:
        queryset = queryset.filter(due_on__lt=clock.today())
    if mine is not None:
        queryset = queryset.filter(owner=mine)
    return queryset.order_by("-authored_at", "-id")


# --- changing --------------------------------------------------------------------------------


def _check_version(referral: Referral, version: int | None) -> None:
    if version is None or int(version) != referral.version:
        raise ChangedMeanwhile(
            _(
                "Someone else changed this referral meanwhile. Nothing was saved; look at the "
                "new state and try again."
            )
        )


def _clean(value: str, label: str, *, max_length: int = MAX_NOTE, required: bool = False) -> str:
    try:
        return clean_plain_text(value, label, max_length=max_length, required=required)
    except TextError as error:
        raise ReferralError(str(error)) from error


@transaction.atomic
def do_transition(
    referral_id: int,
    *,
    actor: Actor,
    to_status: str,
    version: int | None,
    reason: str = "",
    note: str = "",
    outcome: str = "",
    channel: str = Channel.PAGE,
) -> Referral:
    """Move the referral to `to_status`, as the side the actor is on. Refused with a clear
    message when the move is not one of the pattern, not for this side, stale, or incomplete."""
    change = _open(referral_id, actor, channel)
    referral = change.referral
    _check_version(referral, version)
    _check_move(referral, actor, to_status)
    note = _clean(note, _("The explanation"))
    if to_status in NEEDS_REASON:
        if reason not in StatusReason.values:
            raise ReferralError(_("Give the reason."))
        if reason == StatusReason.OTHER and not note:
            raise ReferralError(_("Explain the reason in a few words."))
    elif reason:
        raise ReferralError(_("A reason belongs only to rejected, cancelled, on hold or failed."))
    if to_status in NEEDS_OUTCOME and outcome not in Outcome.values:
        raise ReferralError(_("Give the outcome."))
    now = clock.now()
    from_status = referral.status
    if from_status == Status.DRAFT and to_status == Status.REQUESTED:
        _send(referral, actor, now)
        return change.save()
    _apply(referral, to_status, reason, note, outcome, now)
    # The history event, the notification with its e-mail, the referral and (last) the audit
    # entry go to the database as one statement (core.prepared.together): one round trip
    # instead of four, all written or none.
    with prepared.together():
        event = _event(
            referral,
            actor,
            EventKind.STATUS,
            now=now,
            from_status=from_status,
            to_status=to_status,
            status_reason=reason,
            outcome=outcome if to_status in NEEDS_OUTCOME else "",
            business_status=referral.business_status,
            note=note,
        )
        notices.status_changed(referral, event, sides_of(actor, referral))
        return change.save()


def _check_move(referral: Referral, actor: Actor, to_status: str) -> None:
    if to_status not in Status.values:
        raise ReferralError(_("Unknown status: %s") % to_status)
    allowed = sides_allowed(referral.status, to_status)
    if not allowed:
        raise ReferralError(
            _("A referral that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(referral.status).label, "to": Status(to_status).label}
        )
    if not allowed & sides_of(actor, referral):
        who = (
            _("the receiving organisation")
            if allowed == frozenset({RECEIVER})
            else _("the referrer")
        )
        raise ReferralError(
            _("Only %(who)s can make this referral “%(to)s”.")
            % {"who": who, "to": Status(to_status).label}
        )


def _apply(
    referral: Referral, to_status: str, reason: str, note: str, outcome: str, now: datetime.datetime
) -> None:
    referral.status = to_status
    referral.status_reason = reason
    referral.status_note = note
    referral.last_modified = now
    if to_status in (Status.ACCEPTED, Status.REJECTED, Status.ON_HOLD, Status.IN_PROGRESS):
        _mark_received(referral, now)
    if to_status == Status.ON_HOLD and reason == StatusReason.WAITING_LIST:
        referral.business_status = BusinessStatus.WAITING_LIST
    working = to_status in (Status.ACCEPTED, Status.IN_PROGRESS)
    if working and referral.first_contact_at is None:
        if referral.deadline != Deadline.FIRST_CONTACT:  # work resumes after a hold: from today
            agreement = agreement_of(referral.performer_organization)
            _start_deadline(referral, Deadline.FIRST_CONTACT, agreement, clock.today())
    elif not working:
        _stop_deadline(referral)
    if to_status in NEEDS_OUTCOME:
        referral.outcome = outcome
        referral.outcome_note = note
    if to_status in (
        Status.REJECTED,
        Status.FAILED,
        Status.COMPLETED,
        Status.CANCELLED,
        Status.ENTERED_IN_ERROR,
    ):
        referral.closed_at = now


def _mark_received(referral: Referral, now: datetime.datetime) -> bool:
    """The first sign of life of the receiver: it counts as received (in time or not)."""
    if referral.received_at is not None:
        return False
    referral.received_at = now
    if not referral.business_status:
        referral.business_status = BusinessStatus.RECEIVED
    if referral.deadline == Deadline.RECEIPT:
        referral.receipt_in_time = referral.due_on is None or clock.today() <= referral.due_on
        _start_deadline(
            referral,
            Deadline.FIRST_CONTACT,
            agreement_of(referral.performer_organization),
            timezone.localdate(referral.requested_at or now),
        )
    return True


@transaction.atomic
def do_confirm_receipt(referral_id: int, *, actor: Actor, channel: str = Channel.PAGE) -> Referral:
    """The receiving organisation opened the referral: the referrer hears it arrived. Opening it
    again changes nothing."""
    change = _open(referral_id, actor, channel)
    referral = change.referral
    now = clock.now()
    if (
        RECEIVER not in sides_of(actor, referral)
        or referral.status != Status.REQUESTED
        or not _mark_received(referral, now)
    ):
        change.log()
        return referral
    referral.last_modified = now
    event = _event(
        referral, actor, EventKind.STEP, now=now, business_status=BusinessStatus.RECEIVED
    )
    notices.step_made(referral, event)
    return change.save()


@transaction.atomic
def do_register_first_contact(
    referral_id: int,
    *,
    actor: Actor,
    version: int | None,
    on: datetime.date | None = None,
    note: str = "",
    channel: str = Channel.PAGE,
) -> Referral:
    """The receiver spoke to the resident for the first time."""
    change = _receiver_change(referral_id, actor, version, channel)
    referral = change.referral
    if referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD):
        raise ReferralError(_("Accept the referral first, then register the first contact."))
    if referral.first_contact_at is not None:
        raise ReferralError(_("The first contact has been registered already."))
    now = clock.now()
    on = on or clock.today()
    if on > clock.today():
        raise ReferralError(_("The first contact cannot be in the future."))
    note = _clean(note, _("The note"))
    referral.first_contact_at = now
    referral.business_status = BusinessStatus.FIRST_CONTACT
    if referral.deadline == Deadline.FIRST_CONTACT:
        referral.first_contact_in_time = referral.due_on is None or on <= referral.due_on
    _stop_deadline(referral)
    referral.last_modified = now
    event = _event(
        referral,
        actor,
        EventKind.STEP,
        now=now,
        business_status=BusinessStatus.FIRST_CONTACT,
        note=note,
        happened_on=on,
    )
    notices.step_made(referral, event)
    return change.save()


def _receiver_change(
    referral_id: int, actor: Actor, version: int | None, channel: str, *, versioned: bool = True
) -> _Change:
    """Open the referral for a change only the receiving side makes. Adding a conversation or an
    activity overwrites nothing, so it needs no version."""
    change = _open(referral_id, actor, channel)
    if RECEIVER not in sides_of(actor, change.referral):
        raise ReferralError(_("Only the receiving organisation can do this."))
    if versioned:
        _check_version(change.referral, version)
    return change


@transaction.atomic
def do_add_feedback(
    referral_id: int,
    *,
    actor: Actor,
    note: str,
    channel: str = Channel.PAGE,
) -> ReferralEvent:
    """A message on the referral from either side (feedback, a question, an answer). Adding a
    message changes nothing else, so it needs no version."""
    change = _open(referral_id, actor, channel)
    referral = change.referral
    note = _clean(note, _("The message"), required=True)
    now = clock.now()
    event = _event(referral, actor, EventKind.FEEDBACK, now=now, note=note)
    referral.last_modified = now
    notices.feedback_added(referral, event, sides_of(actor, referral))
    change.save()
    return event


@transaction.atomic
def do_assign(
    referral_id: int,
    *,
    actor: Actor,
    assignee_id: int | None,
    version: int | None,
    channel: str = Channel.PAGE,
) -> Referral:
    """Give the referral to a colleague of the receiving organisation (or take it back)."""
    change = _receiver_change(referral_id, actor, version, channel)
    referral = change.referral
    assignee = None
    if assignee_id is not None:
        assignee = colleagues_for(referral).filter(pk=assignee_id).first()
        if assignee is None:
            raise ReferralError(_("Choose a colleague in a care role of your organisation."))
    now = clock.now()
    referral.owner = assignee
    referral.last_modified = now
    event = _event(
        referral,
        actor,
        EventKind.ASSIGNED,
        now=now,
        note=assignee.get_full_name() if assignee else "",
    )
    if assignee is not None and assignee != actor.user:
        notices.assigned(referral, event, assignee)
    return change.save()


def colleagues_for(referral: Referral) -> QuerySet[User]:
    """Who a referral can be assigned to: care roles of the receiving organisation."""
    return care_colleagues(referral.performer_organization)


@transaction.atomic
def do_record_conversation(
    referral_id: int,
    *,
    actor: Actor,
    on: datetime.date,
    note: str,
    channel: str = Channel.PAGE,
) -> ReferralEvent:
    """The coach (or any receiver) records a conversation with the resident."""
    change = _receiver_change(referral_id, actor, None, channel, versioned=False)
    referral = change.referral
    if referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD):
        raise ReferralError(_("Accept the referral first."))
    if on > clock.today():
        raise ReferralError(_("A conversation cannot be in the future."))
    note = _clean(note, _("The conversation"), max_length=MAX_TEXT, required=True)
    now = clock.now()
    event = _event(referral, actor, EventKind.CONVERSATION, now=now, note=note, happened_on=on)
    referral.last_modified = now
    change.save()
    return event


@transaction.atomic
def do_add_activity(
    referral_id: int,
    *,
    actor: Actor,
    service: Service | None,
    name: str = "",
    starts_on: datetime.date | None = None,
    note: str = "",
    channel: str = Channel.PAGE,
) -> AgreedActivity:
    """An activity agreed with the resident (a meeting place, sport, a course, volunteering…),
    preferably from the directory. The referral is then in progress, step "activity started"."""
    change = _receiver_change(referral_id, actor, None, channel, versioned=False)
    referral = change.referral
    if referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS):
        raise ReferralError(_("Accept the referral first."))
    name = _clean(
        service.name if service else name, _("The activity"), max_length=255, required=True
    )
    note = _clean(note, _("The note"))
    now = clock.now()
    activity = AgreedActivity.objects.create(
        referral=referral,
        service=service,
        name=name,
        starts_on=starts_on,
        note=note,
        created_by=actor.user,
        created_at=now,
    )
    from_status = referral.status
    if from_status == Status.ACCEPTED:
        referral.status = Status.IN_PROGRESS
    referral.business_status = BusinessStatus.ACTIVITY_STARTED
    referral.last_modified = now
    event = _event(
        referral,
        actor,
        EventKind.ACTIVITY,
        now=now,
        from_status=from_status if from_status != referral.status else "",
        to_status=referral.status if from_status != referral.status else "",
        business_status=BusinessStatus.ACTIVITY_STARTED,
        note=name,
    )
    notices.step_made(referral, event)
    change.save()
    return activity


# --- history ---------------------------------------------------------------------------------


def _event(
    referral: Referral,
    actor: Actor,
    kind: str,
    *,
    now: datetime.datetime,
    **values: object,
) -> ReferralEvent:
    if referral.pk is None:
        referral.save()
    user = actor.user
    event = ReferralEvent(
        referral=referral,
        at=now,
        kind=kind,
        actor=user,
        actor_name=(user.get_full_name() or user.email) if user is not None else "",
        organization=actor.organization,
        **values,
    )
    prepared.insert(event)  # every change writes one: planned once per connection
    return event


def history_of(referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("organization").order_by("at", "id"))


def resident_referrals(resident: Resident) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(resident=resident)
        .exclude(status=Status.DRAFT)
        .select_related("requester_organization", "performer_organization", "service")
        .prefetch_related("events", "activities")
        .order_by("-authored_at")
    )


# --- agreed response times -------------------------------------------------------------------


@transaction.atomic
def do_set_response_agreement(
    organization: Organization,
    *,
    receipt_days: int,
    first_contact_days: int,
    escalation_days: int,
    contact_person: User | None,
    actor: Actor,
) -> ResponseAgreement:
    """The response times the organisation agrees to, and its contact person for referrals."""
    if not 1 <= receipt_days <= first_contact_days <= 60:
        raise ReferralError(
            _("Receipt comes first: 1 to 60 working days, and first contact no sooner.")
        )
    if not 1 <= escalation_days <= 20:
        raise ReferralError(_("Escalate after 1 to 20 working days."))
    if (
        contact_person is not None
        and not care_colleagues(organization).filter(pk=contact_person.pk).exists()
    ):
        raise ReferralError(_("Choose a colleague in a care role of your organisation."))
    agreement, _created = ResponseAgreement.objects.update_or_create(
        organization=organization,
        defaults={
            "receipt_days": receipt_days,
            "first_contact_days": first_contact_days,
            "escalation_days": escalation_days,
            "contact_person": contact_person,
        },
    )
    agreement.updated_by = actor.user
    agreement.updated_at = clock.now()
    agreement.save(update_fields=["updated_by", "updated_at"])
    return agreement
