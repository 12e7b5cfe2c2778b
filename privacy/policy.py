"""The one policy decision point: may this person, acting for this organisation, use these data
of this resident for this purpose, now?

Every read and write of a resident's data — pages, the JSON API, exports, commands and later
FHIR — asks `authorize`, which decides and writes the audit entry in the caller's transaction,
and raises `AccessDenied` when the answer is no (the denial is logged too). Nothing is cached:
a consent revoked a second ago no longer counts on the next request.

The order of the rules:
1. The resident themself, for their own data (basis `own_data`).
2. A current legal representative who has an account (parent, guardian, mentor).
3. A professional in a care role, acting through an active membership, with a consent in force
   that names their organisation — or the care team, when their organisation is in the
   resident's care team now — for this purpose and covering every category asked for.
4. A professional with an open break-glass access for this resident (purpose emergency).
5. The privacy officer, for a privacy review: the access log and the resident's name, no more.
Anything else is denied, with a reason the page can explain.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connections, router
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountKind, Membership, Organization, Role, User
from audit import services as audit
from audit.models import Action, AuditEntry, Channel, DataCategory, Outcome, Purpose
from core import clock
from core.prepared import prepared_cursor
from privacy.models import Consent
from residents.models import LegalRepresentative, Resident

# Roles that help residents and may therefore be given consent; the others (editors, analysts,
# administrators, privacy officers) never read a resident's file.
CARE_ROLES = frozenset(
    {
        Role.GP,
        Role.PRACTICE_NURSE,
        Role.DISTRICT_NURSE,
        Role.SOCIAL_WORKER,
        Role.WELLBEING_COACH,
        Role.HOUSEHOLD_COORDINATOR,
    }
)


class Denial:
    """Why access was refused (stored in the audit entry's `reason`)."""

    NOT_FOUND = "not_found"
    NO_MEMBERSHIP = "no_membership"
    NOT_A_CARE_ROLE = "not_a_care_role"
    NO_CONSENT = "no_consent"
    CONSENT_ENDED = "consent_ended"
    CATEGORY_NOT_COVERED = "category_not_covered"


EXPLANATIONS = {
    Denial.NOT_FOUND: _("There is no resident here, or you have no access to this resident."),
    Denial.NO_MEMBERSHIP: _("Choose the organisation you are working for first."),
    Denial.NOT_A_CARE_ROLE: _("Your role does not give access to residents' data."),
    Denial.NO_CONSENT: _(
        "The resident has not given your organisation consent for this. Ask the resident for "
        "consent, or record the consent they give you."
    ),
    Denial.CONSENT_ENDED: _(
        "The resident's consent for your organisation has been revoked or has ended. Ask the "
        "resident whether they want to give consent again."
    ),
    Denial.CATEGORY_NOT_COVERED: _(
        "The resident's consent does not cover these data. Ask the resident for consent for them."
    ),
}


# Short names of the reasons, for the privacy officer's overview of refusals.
DENIAL_LABELS = {
    Denial.NOT_FOUND: _("no tie to the resident, or unknown id"),
    Denial.NO_MEMBERSHIP: _("no active membership"),
    Denial.NOT_A_CARE_ROLE: _("role without access to residents"),
    Denial.NO_CONSENT: _("no consent"),
    Denial.CONSENT_ENDED: _("consent withdrawn or ended"),
    Denial.CATEGORY_NOT_COVERED: _("data not covered by the consent"),
}


@dataclass(frozen=True)
class Actor:
    """Who asks: a user, and for a professional the membership they act through now."""

    user: User | None
    membership: Membership | None = None

    @classmethod
    def of(cls, request: HttpRequest) -> "Actor":
        """The signed-in user, acting through the membership the request runs under."""
        user = request.user if request.user.is_authenticated else None
        return cls(cast(User | None, user), getattr(request, "membership", None))

    @property
    def organization(self) -> Organization | None:
        return self.membership.organization if self.membership else None

    @property
    def is_system(self) -> bool:
        return self.user is None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: str = ""  # "own_data", "consent:12", "legal_representative:3", "break_glass:5", …
    reason: str = ""  # a Denial code when not allowed
    consents: tuple[int, ...] = field(default=())

    @property
    def explanation(self) -> str:
        return str(EXPLANATIONS.get(self.reason, "")) if not self.allowed else ""


class AccessDenied(Exception):
    """Raised by `authorize` after it logged the denial.

    When the denial happened inside a transaction that is then rolled back, its audit entry goes
    with it; whoever handles the exception at the edge (the middleware, the API's exception
    handler, a command) calls `ensure_logged`, which writes it again if it is gone.
    """

    def __init__(self, decision: Decision, entry: AuditEntry | None = None) -> None:
        super().__init__(decision.reason)
        self.decision = decision
        self.entry = entry

    def ensure_logged(self) -> None:
        entry = self.entry
        if entry is None or AuditEntry.objects.filter(id=entry.id, hash=entry.hash).exists():
            return
        self.entry = audit.record(
            actor=_user(entry.actor_id),
            organization=_organization(entry.organization_id),
            resident_id=entry.resident_id,
            records=entry.records,
            categories=entry.categories,
            purpose=entry.purpose,
            action=entry.action,
            outcome=entry.outcome,
            basis=entry.basis,
            reason=entry.reason,
            channel=entry.channel,
        )


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id is not None else None


def _organization(organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    return Organization.objects.filter(pk=organization_id).first()


def decide(
    actor: Actor,
    resident: Resident | None,
    *,
    categories: Sequence[str],
    purpose: str,
    action: str = Action.READ,
    moment: datetime.datetime | None = None,
    known_to_actor: bool = False,
) -> Decision:
    """The decision only; `authorize` also logs it. `resident` None means it does not exist.

    `known_to_actor`: the professional found this resident by BSN or by name and birth date, so
    a refusal may say why (no consent) instead of answering as if nobody had this id.
    """
    moment = moment or clock.now()
    user = actor.user
    if resident is None or user is None or not user.is_active:
        return Decision(False, reason=Denial.NOT_FOUND)
    if user.kind == AccountKind.RESIDENT:
        return _decide_for_resident_account(user, resident, moment)
    decision = _decide_for_professional(actor, user, resident, categories, purpose, action, moment)
    if known_to_actor and decision.reason == Denial.NOT_FOUND:
        return Decision(False, reason=Denial.NO_CONSENT)
    return decision


def _decide_for_resident_account(
    user: User, resident: Resident, moment: datetime.datetime
) -> Decision:
    if resident.account_id == user.pk:
        return Decision(True, basis="own_data")
    representation = (
        LegalRepresentative.objects.filter(resident=resident, representative__account=user)
        .filter(since__lte=timezone.localdate(moment))
        .filter(Q(until__isnull=True) | Q(until__gt=timezone.localdate(moment)))
        .first()
    )
    if representation is not None:
        return Decision(True, basis=f"legal_representative:{representation.pk}")
    return Decision(False, reason=Denial.NOT_FOUND)


def _decide_for_professional(
    actor: Actor,
    user: User,
    resident: Resident,
    categories: Sequence[str],
    purpose: str,
    action: str,
    moment: datetime.datetime,
) -> Decision:
    membership = actor.membership
    if membership is None or not membership.is_active or membership.user_id != user.pk:
        return Decision(False, reason=Denial.NO_MEMBERSHIP)
    if _privacy_review(membership, purpose, categories):
        return Decision(True, basis="privacy_officer")
    if not membership.organization.is_active or membership.role not in CARE_ROLES:
        return Decision(False, reason=Denial.NOT_A_CARE_ROLE)
    ties = _ties(resident.pk, membership.organization_id, user.pk, moment)
    in_force = [c for c in ties.named if c.is_in_force(moment)]
    if ties.in_care_team:
        in_force += [c for c in ties.for_team if c.is_in_force(moment)]
        in_force.sort(key=lambda c: c.pk)
    for_purpose = [c for c in in_force if c.purpose == purpose]
    covering = [c for c in for_purpose if c.covers(categories)]
    if covering:
        return Decision(
            True, basis=f"consent:{covering[0].pk}", consents=tuple(c.pk for c in covering)
        )
    if ties.break_glass is not None:
        return Decision(True, basis=f"break_glass:{ties.break_glass}")
    if for_purpose:
        return Decision(False, reason=Denial.CATEGORY_NOT_COVERED)
    if in_force:  # in force, but for another purpose
        return Decision(False, reason=Denial.NO_CONSENT)
    if ties.named:  # the organisation had consent: revoked or ended
        return Decision(False, reason=Denial.CONSENT_ENDED)
    if ties.in_care_team:
        return Decision(False, reason=Denial.NO_CONSENT)
    # No tie at all between this organisation and the resident: answered as if there were no
    # such resident, so that trying ids reveals nothing. Asking for consent starts from finding
    # the resident by BSN or by name and date of birth (`privacy.services.find_residents`).
    return Decision(False, reason=Denial.NOT_FOUND)


def _privacy_review(membership: Membership, purpose: str, categories: Sequence[str]) -> bool:
    """The privacy officer reviews the log and who it concerns, never the file itself."""
    return (
        membership.role == Role.PRIVACY_OFFICER
        and purpose == Purpose.PRIVACY_REVIEW
        and set(categories) <= {DataCategory.AUDIT, DataCategory.CONTACT_DETAILS}
    )


@dataclass(frozen=True)
class ConsentRow:
    """What a decision needs of a consent row; read with one fixed SQL statement, because the
    decision runs on every request and the ORM's query building costs more than the query."""

    pk: int
    organization_id: int | None
    care_team: bool
    purpose: str
    categories: frozenset[str]
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    status: str
    revoked_at: datetime.datetime | None

    def is_in_force(self, moment: datetime.datetime) -> bool:
        """The rule of ConsentQuerySet.in_force, on a row already read."""
        return (
            self.status == Consent.Status.ACTIVE
            and self.revoked_at is None
            and self.starts_at <= moment
            and (self.ends_at is None or self.ends_at > moment)
        )

    def covers(self, categories: Sequence[str]) -> bool:
        return self.categories.issuperset(categories)


@dataclass(frozen=True)
class Ties:
    """Everything that ties an organisation (and one of its professionals) to a resident now."""

    named: list[ConsentRow]  # consents naming the organisation, whatever their state
    for_team: list[ConsentRow]  # consents for the care team, whatever their state
    in_care_team: bool  # the organisation is in the resident's or a household's care team
    break_glass: int | None  # the professional's open emergency access (the latest)


# One statement: the consents of the resident for the organisation or the care team (any state;
# what is in force is decided on the rows), the professional's open emergency access, and
# whether the organisation is in the care team of the resident or of one of their households.
# The ties are one row of scalar subqueries (each an index probe) joined to the consents, so the
# answer has at least one row. Each ~0.02 ms; a round trip costs more (docs/performance.md).
_TIES_SQL = """
SELECT c.id, c.organization_id, c.care_team, c.purpose, c.categories, c.starts_at, c.ends_at,
    c.status, c.revoked_at, ties.break_glass, ties.in_care_team
FROM (
    SELECT
        (SELECT b.id FROM privacy_breakglassaccess b
            WHERE b.resident_id = %s AND b.user_id = %s AND b.organization_id = %s
                AND b.starts_at <= %s AND b.ends_at > %s
            ORDER BY b.starts_at DESC, b.id DESC LIMIT 1) AS break_glass,
        EXISTS (SELECT 1 FROM residents_careteammember t
            WHERE t.resident_id = %s AND t.organization_id = %s
                AND t.since <= %s AND (t.until IS NULL OR t.until > %s))
        OR EXISTS (SELECT 1 FROM residents_householdmember h
            JOIN residents_careteammember t ON t.household_id = h.household_id
            WHERE h.resident_id = %s AND h.until IS NULL AND t.organization_id = %s
                AND t.since <= %s AND (t.until IS NULL OR t.until > %s)) AS in_care_team
) ties
LEFT JOIN privacy_consent c ON c.resident_id = %s
    AND ((c.organization_id = %s AND NOT c.care_team) OR c.care_team)
ORDER BY c.id
"""


def _ties(
    resident_id: int, organization_id: int, user_id: int | None, moment: datetime.datetime
) -> Ties:
    """Consents, care team and emergency access between this organisation and the resident, read
    in one round trip with fixed SQL (the decision runs on every request, and the ORM's query
    building costs more than the queries). Nothing is cached: every decision reads them anew."""
    connection = connections[router.db_for_read(Consent)]
    at = connection.ops.adapt_datetimefield_value(moment)
    # Team membership and representation are kept in Dutch calendar days, not UTC days.
    day = connection.ops.adapt_datefield_value(timezone.localdate(moment))
    params = [
        *(resident_id, user_id, organization_id, at, at),
        *(resident_id, organization_id, day, day),
        *(resident_id, organization_id, day, day),
        *(resident_id, organization_id),
    ]
    with prepared_cursor(connection) as cursor:
        cursor.execute(_TIES_SQL, params)
        rows = cursor.fetchall()
    named: list[ConsentRow] = []
    for_team: list[ConsentRow] = []
    for row in rows:
        if row[0] is not None:
            consent = _consent_row(row)
            (for_team if consent.care_team else named).append(consent)
    break_glass, in_care_team = rows[0][9], rows[0][10]
    return Ties(named, for_team, bool(in_care_team), break_glass)


def _consent_row(row: Sequence[Any]) -> ConsentRow:
    pk, organization_id, care_team, purpose, categories, starts, ends, status, revoked = row[:9]
    if isinstance(categories, str):  # jsonb (and SQLite's JSON) arrive as text through Django
        categories = json.loads(categories)
    return ConsentRow(
        pk,
        organization_id,
        bool(care_team),
        purpose,
        frozenset(categories),
        _moment(starts),
        _moment(ends),
        status,
        _moment(revoked),
    )


def _moment(value: Any) -> Any:
    """A timestamp from the raw row: PostgreSQL gives aware datetimes, SQLite naive UTC ones."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


def authorize(
    actor: Actor,
    resident: Resident | None,
    *,
    categories: Sequence[str],
    purpose: str,
    action: str = Action.READ,
    records: Sequence[str] = (),
    channel: str = Channel.PAGE,
    resident_id: int | None = None,
    known_to_actor: bool = False,
) -> Decision:
    """Decide, write the audit entry (allowed or denied), and raise AccessDenied when denied.

    Call it inside the transaction of the action, so the entry commits with it. `resident_id`
    is the id that was asked for when no resident has it (the denial names the id tried).
    """
    decision = decide(
        actor,
        resident,
        categories=categories,
        purpose=purpose,
        action=action,
        known_to_actor=known_to_actor,
    )
    entry = record_decision(
        actor,
        decision,
        resident_id=resident.pk if resident is not None else resident_id,
        categories=categories,
        purpose=purpose,
        action=action,
        records=records,
        channel=channel,
    )
    if not decision.allowed:
        raise AccessDenied(decision, entry)
    return decision


def record_decision(
    actor: Actor,
    decision: Decision,
    *,
    resident_id: int | None,
    categories: Sequence[str],
    purpose: str,
    action: str,
    records: Sequence[str] = (),
    channel: str = Channel.PAGE,
) -> AuditEntry:
    """The audit entry of a decision `decide` made in this transaction.

    `authorize` writes it at once. A change that holds the chain's lock for the rest of its
    transaction may instead decide first (refusing through `authorize`) and write the entry as
    its last statement, so the serialised part of the transaction is the append and the commit.
    """
    return audit.record(
        actor=actor.user,
        organization=actor.organization,
        resident_id=resident_id,
        records=records,
        categories=categories,
        purpose=purpose,
        action=action,
        outcome=Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
        basis=decision.basis,
        reason=decision.reason,
        channel=channel,
    )


def authorize_id(
    actor: Actor,
    resident_id: int,
    *,
    categories: Sequence[str],
    purpose: str,
    action: str = Action.READ,
    records: Sequence[str] = (),
    channel: str = Channel.PAGE,
    known_to_actor: bool = False,
) -> tuple[Resident, Decision]:
    """As `authorize`, for an id from a URL or an API call: an id nobody has and an id the actor
    may not see give the same denial, so guessing ids reveals nothing."""
    resident = Resident.objects.filter(pk=resident_id).first()
    decision = authorize(
        actor,
        resident,
        categories=categories,
        purpose=purpose,
        action=action,
        records=records,
        channel=channel,
        resident_id=resident_id,
        known_to_actor=known_to_actor and resident is not None,
    )
    if resident is None:  # authorize has raised already; this keeps the type checker sure
        raise AccessDenied(Decision(False, reason=Denial.NOT_FOUND))
    return resident, decision


def authorize_many(
    actor: Actor,
    residents: Sequence[Resident],
    *,
    categories: Sequence[str],
    purpose: str,
    records: dict[int, Sequence[str]] | None = None,
    action: str = Action.READ,
    channel: str = Channel.PAGE,
) -> dict[int, Decision]:
    """For a list page: decide for each resident and log every decision (one entry per resident,
    written in one statement). Nothing is raised: the page leaves out what was refused."""
    records = records or {}
    decisions: dict[int, Decision] = {}
    entries = []
    for resident in residents:
        if resident.pk in decisions:
            continue
        decision = decide(actor, resident, categories=categories, purpose=purpose, action=action)
        decisions[resident.pk] = decision
        entries.append(
            audit.build_entry(
                actor=actor.user,
                organization=actor.organization,
                resident_id=resident.pk,
                records=records.get(resident.pk, ()),
                categories=categories,
                purpose=purpose,
                action=action,
                outcome=Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
                basis=decision.basis,
                reason=decision.reason,
                channel=channel,
            )
        )
    audit.append(*entries)
    return decisions


def organization_consent(
    resident: Resident,
    organization: Organization,
    *,
    purpose: str,
    categories: Sequence[str],
    moment: datetime.datetime | None = None,
) -> int | None:
    """The id of a consent in force that lets this organisation receive these data for this
    purpose (named, or for the care team while it is in the team); None when there is none.

    Sharing with another organisation — a referral — asks this before anything is sent.
    """
    moment = moment or clock.now()
    ties = _ties(resident.pk, organization.pk, None, moment)
    candidates = [c for c in ties.named if c.is_in_force(moment)]
    if ties.in_care_team:
        candidates += [c for c in ties.for_team if c.is_in_force(moment)]
    for consent in candidates:
        if consent.purpose == purpose and consent.covers(categories):
            return consent.pk
    return None
