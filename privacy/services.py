"""Consent, break-glass access and finding a resident: the actions, each with its audit entry.

Views, the API and commands call these; `privacy.policy` reads what they write.
"""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit import services as audit
from audit.models import Action, Channel, Outcome, Purpose
from privacy.models import (
    CONSENT_CATEGORIES,
    CONSENT_PURPOSES,
    BreakGlassAccess,
    Consent,
    ConsentRule,
    DataRequest,
)
from privacy.policy import CARE_ROLES, Actor
from residents.models import LegalRepresentative, Resident, bsn_digest
from residents.services import representatives_of


class ConsentError(Exception):
    """A consent that cannot be recorded as asked; the message says why, for the user."""


@dataclass(frozen=True)
class Givers:
    """Who has to consent for this resident today, and the representatives who can."""

    rule: str  # ConsentRule.Givers
    representatives: tuple[LegalRepresentative, ...]


def consent_givers(resident: Resident, day: datetime.date | None = None) -> Givers:
    """The rule for the resident's age (ConsentRule rows); an adult with a guardian or mentor
    consents through them."""
    day = day or timezone.localdate()
    age = resident.age_on(day)
    representatives = representatives_of(resident, day)
    rule = (
        ConsentRule.objects.filter(minimum_age__lte=age)
        .filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=age))
        .order_by("-minimum_age")
        .first()
    )
    givers = rule.givers if rule is not None else ConsentRule.Givers.RESIDENT
    adult_kinds = {LegalRepresentative.Kind.GUARDIAN, LegalRepresentative.Kind.MENTOR}
    if givers == ConsentRule.Givers.RESIDENT and any(
        r.kind in adult_kinds for r in representatives
    ):
        givers = ConsentRule.Givers.REPRESENTATIVE
    return Givers(givers, tuple(representatives))


def check_givers(
    resident: Resident,
    *,
    given_by_resident: bool,
    representative: LegalRepresentative | None,
    day: datetime.date | None = None,
) -> None:
    """Raise ConsentError unless the right people give this consent (the rules for minors)."""
    givers = consent_givers(resident, day)
    if representative is not None and representative not in givers.representatives:
        raise ConsentError(_("This person is not the resident's legal representative now."))
    if givers.rule == ConsentRule.Givers.RESIDENT and not given_by_resident:
        raise ConsentError(_("The resident gives this consent themself."))
    if givers.rule == ConsentRule.Givers.REPRESENTATIVE and representative is None:
        raise ConsentError(_("A parent or legal representative has to give this consent."))
    if givers.rule == ConsentRule.Givers.BOTH and not (given_by_resident and representative):
        raise ConsentError(
            _("For a child of 12 to 15, the child and a parent give this consent together.")
        )


@transaction.atomic
def do_record_consent(
    resident: Resident,
    *,
    organization_id: int | None,
    care_team: bool,
    purpose: str,
    categories: Sequence[str],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None,
    method: str,
    given_by_resident: bool,
    representative: LegalRepresentative | None,
    actor: Actor,
    channel: str = Channel.PAGE,
) -> Consent:
    """Record a consent given in the portal or verbally to a professional (who records it).

    A verbal consent is announced to the resident, who can revoke it in the portal at any time.
    """
    if purpose not in CONSENT_PURPOSES:
        raise ConsentError(_("Choose what the consent is for."))
    if not categories or any(c not in CONSENT_CATEGORIES for c in categories):
        raise ConsentError(_("Choose which data the consent covers."))
    if organization_id is None and not care_team:
        raise ConsentError(_("Choose who receives the consent."))
    if ends_at is not None and ends_at <= starts_at:
        raise ConsentError(_("The end has to come after the start."))
    recorder = _check_recorder(actor, resident, method)
    check_givers(resident, given_by_resident=given_by_resident, representative=representative)
    consent = Consent.objects.create(
        resident=resident,
        organization_id=organization_id,
        care_team=care_team,
        purpose=purpose,
        categories=sorted(set(categories)),
        starts_at=starts_at,
        ends_at=ends_at,
        method=method,
        given_by_resident=given_by_resident,
        given_by_representative=representative,
        recorded_by=recorder,
        recorded_for=actor.organization,
    )
    _log(actor, resident, consent, Action.CREATE, channel)
    if method == Consent.Method.VERBAL:
        transaction.on_commit(lambda: _announce_verbal_consent(consent.pk))
    return consent


def _check_recorder(actor: Actor, resident: Resident, method: str) -> User:
    """The user who may record this consent; ConsentError otherwise."""
    user = actor.user
    if user is None:
        raise ConsentError(_("Only a person can record a consent."))
    if method == Consent.Method.PORTAL:
        is_self = resident.account_id == user.pk
        represents = LegalRepresentative.objects.filter(
            resident=resident, representative__account=user, until__isnull=True
        ).exists()
        if not (is_self or represents):
            raise ConsentError(_("In the portal, only the resident or their representative can."))
        return user
    membership = actor.membership
    if membership is None or not membership.is_active or membership.role not in CARE_ROLES:
        raise ConsentError(_("Only a professional in a care role can record a verbal consent."))
    return user


@transaction.atomic
def do_revoke_consent(consent: Consent, *, actor: Actor, channel: str = Channel.PAGE) -> bool:
    """Revoke at once: the next request of anyone relying on it is refused. False if it was not
    in force."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.status != Consent.Status.ACTIVE or consent.revoked_at is not None:
        return False
    consent.status = Consent.Status.INACTIVE
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor.user
    consent.save(update_fields=["status", "revoked_at", "revoked_by"])
    _log(actor, consent.resident, consent, Action.UPDATE, channel)
    return True


def _log(actor: Actor, resident: Resident, consent: Consent, action: str, channel: str) -> None:
    basis = "own_data" if actor.organization is None else f"consent:{consent.pk}"
    _log_action(
        actor, resident.pk, f"consent:{consent.pk}", consent.purpose, action, basis, channel=channel
    )


def _log_action(
    actor: Actor,
    resident_id: int,
    record: str,
    purpose: str,
    action: str,
    basis: str,
    *,
    reason: str = "",
    channel: str = Channel.PAGE,
) -> None:
    """The audit entry of an action on the privacy records themselves (no data categories)."""
    audit.record(
        actor=actor.user,
        organization=actor.organization,
        resident_id=resident_id,
        records=[record],
        categories=[],
        purpose=purpose,
        action=action,
        outcome=Outcome.ALLOWED,
        basis=basis,
        reason=reason,
        channel=channel,
    )


def _announce_verbal_consent(consent_id: int) -> None:
    from privacy.tasks import announce_verbal_consent

    announce_verbal_consent.enqueue(consent_id)


@transaction.atomic
def do_break_glass(
    resident: Resident, *, reason: str, actor: Actor, channel: str = Channel.PAGE
) -> BreakGlassAccess:
    """Emergency access without consent: a reason is required, it lasts BREAK_GLASS_HOURS, the
    resident is told, and the privacy officer reviews it."""
    reason = reason.strip()
    if len(reason) < 20:
        raise ConsentError(_("Describe the emergency in at least 20 characters."))
    membership = actor.membership
    if (
        actor.user is None
        or membership is None
        or not membership.is_active
        or membership.role not in CARE_ROLES
    ):
        raise ConsentError(_("Only a professional in a care role can use emergency access."))
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=actor.user,
        organization=membership.organization,
        resident=resident,
        reason=reason,
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    record = f"break_glass:{access.pk}"
    _log_action(
        actor,
        resident.pk,
        record,
        Purpose.EMERGENCY,
        Action.CREATE,
        record,
        reason=reason,
        channel=channel,
    )
    transaction.on_commit(lambda: _announce_break_glass(access.pk))
    return access


def _announce_break_glass(access_id: int) -> None:
    from privacy.tasks import announce_break_glass

    announce_break_glass.enqueue(access_id)


@transaction.atomic
def do_review_break_glass(
    access: BreakGlassAccess, *, justified: bool, note: str, reviewer: Actor
) -> None:
    access.reviewed_at = timezone.now()
    access.reviewed_by = reviewer.user
    access.justified = justified
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_at", "reviewed_by", "justified", "review_note"])
    _log_action(
        reviewer,
        access.resident_id,
        f"break_glass:{access.pk}",
        Purpose.PRIVACY_REVIEW,
        Action.UPDATE,
        "privacy_officer",
    )


def find_residents(
    actor: Actor,
    *,
    bsn: str = "",
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
) -> list[Resident]:
    """A professional who knows the person finds them by BSN, or by family name and date of
    birth together (twins can share both: then all are listed); logged, found or not."""
    membership = actor.membership
    if membership is None or not membership.is_active or membership.role not in CARE_ROLES:
        return []
    if bsn:
        found = list(Resident.objects.filter(bsn_digest=bsn_digest(bsn)))
    elif family_name and date_of_birth:
        found = list(
            Resident.objects.filter(
                family_name__iexact=family_name.strip(), date_of_birth=date_of_birth
            )
        )
    else:
        return []
    audit.record(
        actor=actor.user,
        organization=membership.organization,
        resident_id=found[0].pk if len(found) == 1 else None,
        records=[f"resident:{r.pk}" for r in found],
        categories=[],
        purpose=Purpose.CARE_COORDINATION,
        action=Action.READ,
        outcome=Outcome.ALLOWED if found else Outcome.DENIED,
        basis="identification",
        reason="" if found else "not_found",
        channel=Channel.PAGE,
    )
    return found


def one_month_after(day: datetime.date) -> datetime.date:
    """The same day next month, or the month's last day (AVG: answer within one month)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def do_request_data(
    resident: Resident, *, organization_id: int, kind: str, description: str, actor: Actor
) -> DataRequest:
    """The resident (or their representative) asks an organisation to show, correct or erase."""
    if kind not in DataRequest.Kind.values:
        raise ConsentError(_("Choose what you ask for."))
    if not description.strip():
        raise ConsentError(_("Describe what your request is about."))
    today = timezone.localdate()
    request = DataRequest.objects.create(
        resident=resident,
        organization_id=organization_id,
        kind=kind,
        description=description.strip(),
        due_on=one_month_after(today),
    )
    record = f"data_request:{request.pk}"
    _log_action(actor, resident.pk, record, Purpose.OWN_DATA, Action.CREATE, "own_data")
    return request


@transaction.atomic
def do_answer_data_request(request: DataRequest, *, status: str, answer: str, actor: Actor) -> None:
    """The privacy officer records the organisation's answer; the resident is told."""
    if status not in (DataRequest.Status.DONE, DataRequest.Status.REFUSED):
        raise ConsentError(_("Choose the outcome."))
    if not answer.strip():
        raise ConsentError(_("Write the answer to the resident."))
    request.status = status
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.answered_by = actor.user
    request.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    _log_action(
        actor,
        request.resident_id,
        f"data_request:{request.pk}",
        Purpose.PRIVACY_REVIEW,
        Action.UPDATE,
        "privacy_officer",
    )
    transaction.on_commit(lambda: _announce_answer(request.pk))


def _announce_answer(request_id: int) -> None:
    from privacy.tasks import announce_data_request_answer

    announce_data_request_answer.enqueue(request_id)
