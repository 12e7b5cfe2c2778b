"""Chasing late referrals: the background worker's daily round (queued by run_scheduler).

A referral whose agreed deadline (receipt, then first contact) has passed gets a reminder to the
receiving organisation; when the next deadline (ResponseAgreement.escalation_days later) passes
too, it is escalated to the organisation's contact person and the referrer is told. The round
reads only referrals whose `check_on` date has come (a partial index), and works in set-based
batches, so it stays fast with a million open referrals. It reads no resident data (numbers and
organisations only), so it needs no decision of the policy decision point.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django_tasks import task

from accounts.models import Membership, Organization, User
from core import clock
from core.prepared import prepared_cursor
from core.workdays import add_working_days
from privacy.policy import CARE_ROLES
from referrals import notices
from referrals.models import (
    OPEN_STATUSES,
    EventKind,
    Referral,
    ReferralEvent,
    ResponseAgreement,
    reference_of,
)
from referrals.services import DEFAULT_ESCALATION_DAYS

BATCH = 5000
# id, receiving organisation, requester, owner, reminders sent
Row = tuple[int, int, int | None, int | None, int]


@dataclass
class ChaseResult:
    reminded: int = 0
    escalated: int = 0
    # referrer id → receiving organisation name → numbers escalated this round
    late_for_referrer: dict[int, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def as_dict(self) -> dict[str, int]:
        return {"reminded": self.reminded, "escalated": self.escalated}


@task()
def chase_late_referrals() -> dict[str, int]:
    return chase(clock.today()).as_dict()


def chase(today: datetime.date) -> ChaseResult:
    """Remind and escalate every open referral whose check date has come.

    One indexed read of what is due (the partial index on `check_on`), grouped by receiving
    organisation; then whole organisations at a time, about BATCH referrals per transaction:
    per kind one locking read of what is still due (one answered meanwhile is left alone), one
    UPDATE and one INSERT of the history events; the people to tell read once per batch; one
    reminder or escalation per organisation, and one notice per referrer for the whole round.
    """
    result = ChaseResult()
    rows: list[Row] = list(
        Referral.objects.filter(check_on__lte=today, status__in=OPEN_STATUSES)
        .order_by("id")
        .values_list(
            "id", "performer_organization_id", "requester_id", "owner_id", "reminders_sent"
        )
    )
    by_organization: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_organization[row[1]].append(row)
    chunk: list[int] = []
    size = 0
    for organization_id in sorted(by_organization):
        chunk.append(organization_id)
        size += len(by_organization[organization_id])
        if size >= BATCH:
            _chase_organizations(chunk, by_organization, today, result)
            chunk, size = [], 0
    if chunk:
        _chase_organizations(chunk, by_organization, today, result)
    _tell_referrers(result.late_for_referrer)
    return result


@transaction.atomic
def _tell_referrers(late: dict[int, dict[str, list[str]]]) -> None:
    """One notice per referrer for the whole round, whatever the number of organisations that
    are late with their referrals (the escalations are already committed and visible on the
    referrals; a round that stops before this step only skips these notices)."""
    _commit_without_waiting()
    users = User.objects.filter(is_active=True).in_bulk(list(late))
    notices.overdue_for_referrers({users[pk]: orgs for pk, orgs in late.items() if pk in users})


@transaction.atomic
def _chase_organizations(
    organization_ids: list[int],
    by_organization: dict[int, list[Row]],
    today: datetime.date,
    result: ChaseResult,
) -> None:
    _commit_without_waiting()
    now = clock.now()
    agreements = {
        a.organization_id: a
        for a in ResponseAgreement.objects.select_related("contact_person").filter(
            organization_id__in=organization_ids
        )
    }
    next_check = {
        pk: add_working_days(today, max(_escalation_days(agreements.get(pk)), 1))
        for pk in organization_ids
    }
    rows = [row for pk in organization_ids for row in by_organization[pk]]
    reminded = _mark(
        [row for row in rows if row[4] == 0], today, now, reminders_sent=0, next_check=next_check
    )
    escalated = _mark([row for row in rows if row[4] == 1], today, now, reminders_sent=1)
    _events(reminded, EventKind.REMINDER, now)
    _events(escalated, EventKind.ESCALATION, now)
    if not reminded and not escalated:
        return
    # Everyone the notices go to, read once for the whole batch.
    organizations = Organization.objects.in_bulk(organization_ids)
    people = {row[3] for row in rows if row[0] in reminded}
    users = User.objects.filter(is_active=True).in_bulk([pk for pk in people if pk is not None])
    teams = _care_members([pk for pk in organization_ids if _contact(agreements.get(pk)) is None])
    messages: list[notices.Message] = []
    to_addresses: list[notices.AddressMessage] = []
    for pk in organization_ids:
        group = by_organization[pk]
        contact = _contact(agreements.get(pk))
        team = teams.get(pk, [])
        messages += _remind([r for r in group if r[0] in reminded], users, contact, team)
        late = [r for r in group if r[0] in escalated]
        messages += _escalate(organizations[pk], late, contact, team, to_addresses)
        for row in late:
            if row[2] is not None:
                result.late_for_referrer[row[2]][organizations[pk].name].append(
                    reference_of(row[0])
                )
    notices.send(messages, to_addresses)
    result.reminded += len(reminded)
    result.escalated += len(escalated)


def _commit_without_waiting() -> None:
    """This transaction's commit does not wait for its WAL to reach the disk (a batch writes
    megabytes of it). A crash in that moment loses the whole transaction, never part of it: a
    batch's referrals are then still due and the next round reminds them; the referrers' notices
    are skipped, as when a round stops before them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _remind(
    rows: list[Row], users: dict[int, User], contact: User | None, team: list[User]
) -> list[notices.Message]:
    """One reminder for all of the organisation's late referrals: to the people handling them
    and the agreed contact person, else to its care professionals."""
    if not rows:
        return []
    people = [users[pk] for pk in sorted({row[3] for row in rows if row[3] in users})]
    if contact is not None:
        people.append(contact)
    return [notices.reminder(people or team, [reference_of(row[0]) for row in rows])]


def _escalate(
    organization: Organization,
    rows: list[Row],
    contact: User | None,
    team: list[User],
    to_addresses: list[notices.AddressMessage],
) -> list[notices.Message]:
    """To the agreed contact person (else the care professionals) and the organisation's
    address (added to `to_addresses`). The referrers are told once per round
    (`_tell_referrers`)."""
    if not rows:
        return []
    numbers = [reference_of(row[0]) for row in rows]
    message = notices.escalation(organization, [contact] if contact else team, numbers)
    to_address = notices.escalation_to_address(message, organization.email)
    if to_address is not None:
        to_addresses.append(to_address)
    return [message]


def _escalation_days(agreement: ResponseAgreement | None) -> int:
    return agreement.escalation_days if agreement is not None else DEFAULT_ESCALATION_DAYS


def _contact(agreement: ResponseAgreement | None) -> User | None:
    if agreement is None or agreement.contact_person is None:
        return None
    return agreement.contact_person


def _mark(
    rows: Sequence[Row],
    today: datetime.date,
    now: datetime.datetime,
    *,
    reminders_sent: int,
    next_check: dict[int, datetime.date] | None = None,
) -> set[int]:
    """Count these referrals one step further — reminded (the next check on the organisation's
    `next_check` date), or escalated when `next_check` is None — if they are still due: open,
    check date come, `reminders_sent` sent, as seen under the row lock (one answered meanwhile
    is left alone). The ids it changed."""
    groups: dict[datetime.date | None, list[int]] = defaultdict(list)
    for row in rows:  # one UPDATE per next check date, that is per agreed escalation time
        groups[next_check[row[1]] if next_check is not None else None].append(row[0])
    done: set[int] = set()
    for check_on, ids in groups.items():
        escalated_at = now if next_check is None else None
        done |= _update_still_due(ids, today, reminders_sent, check_on, escalated_at)
    return done


def _update_still_due(
    ids: list[int],
    today: datetime.date,
    reminders_sent: int,
    check_on: datetime.date | None,
    escalated_at: datetime.datetime | None,
) -> set[int]:
    if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35
        still_due = list(
            Referral.objects.select_for_update()
            .filter(id__in=ids, check_on__lte=today, reminders_sent=reminders_sent)
            .filter(status__in=OPEN_STATUSES)
            .values_list("id", flat=True)
        )
        changes: dict[str, object] = {"reminders_sent": reminders_sent + 1, "check_on": check_on}
        if escalated_at is not None:
            changes["escalated_at"] = escalated_at
        Referral.objects.filter(id__in=still_due).update(**changes)
        return set(still_due)
    # One statement: the UPDATE takes the row locks, re-checks and returns what it changed.
    ops = connection.ops
    if escalated_at is not None:
        assignments = "check_on = NULL, escalated_at = %s"
        params = [ops.adapt_datetimefield_value(escalated_at)]
    else:
        assignments = "check_on = %s"
        params = [ops.adapt_datefield_value(check_on)]
    in_ids, id_params = _among(ids)
    sql = (
        f"UPDATE {Referral._meta.db_table} SET reminders_sent = %s, {assignments} "  # noqa: S608
        f"WHERE {in_ids} AND check_on <= %s "
        f"AND reminders_sent = %s AND status IN ({', '.join(['%s'] * len(OPEN_STATUSES))}) "
        "RETURNING id"
    )
    with prepared_cursor(connection) as cursor:
        cursor.execute(
            sql,
            [
                reminders_sent + 1,
                *params,
                *id_params,
                ops.adapt_datefield_value(today),
                reminders_sent,
                *OPEN_STATUSES,
            ],
        )
        return {pk for (pk,) in cursor.fetchall()}


def _among(ids: Sequence[int]) -> tuple[str, list[Any]]:
    """`id` among these ids: on PostgreSQL one array parameter (the same prepared statement for
    any number; thousands of placeholders cost seconds a round to parse), else an IN list."""
    if connection.vendor == "postgresql":
        return "id = ANY(%s::bigint[])", [list(ids)]
    return f"id IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _care_members(organization_ids: list[int]) -> dict[int, list[User]]:
    """Per organisation, its care professionals (as referrals.people.care_colleagues, at most
    notices.MAX_TEAM_RECIPIENTS), read in one query for all of them."""
    team: dict[int, list[User]] = defaultdict(list)
    if not organization_ids:
        return team
    pairs = (
        Membership.objects.filter(
            organization_id__in=organization_ids,
            is_active=True,
            role__in=CARE_ROLES,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("organization_id", "user_id")
    )
    for membership in pairs:
        members = team[membership.organization_id]
        if len(members) < notices.MAX_TEAM_RECIPIENTS and (
            not members or members[-1].pk != membership.user_id
        ):
            members.append(membership.user)
    return team


def _events(ids: set[int], kind: str, now: datetime.datetime) -> None:
    """The history event of each (referral, when, what; the rest empty as in a bare
    ReferralEvent), in one INSERT … SELECT per batch rather than a model instance each."""
    if not ids:
        return
    table = ReferralEvent._meta.db_table
    in_ids, id_params = _among(sorted(ids))
    sql = (
        f"INSERT INTO {table} (referral_id, at, kind, actor_name, "  # noqa: S608
        "from_status, to_status, status_reason, business_status, outcome, note) "
        "SELECT id, %s, %s, '', '', '', '', '', '', '' "
        f"FROM {Referral._meta.db_table} WHERE {in_ids}"
    )
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), kind, *id_params])
