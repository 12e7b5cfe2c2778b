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
from dataclasses import dataclass

from django.db import transaction
from django_tasks import task

from accounts.models import Organization, User
from core import clock
from core.workdays import add_working_days
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

    def as_dict(self) -> dict[str, int]:
        return {"reminded": self.reminded, "escalated": self.escalated}


@task()
def chase_late_referrals() -> dict[str, int]:
    return chase(clock.today()).as_dict()


def chase(today: datetime.date) -> ChaseResult:
    """Remind and escalate every open referral whose check date has come."""
    result = ChaseResult()
    rows: list[Row] = list(
        Referral.objects.filter(check_on__lte=today, status__in=OPEN_STATUSES)
        .order_by("id")
        .values_list(
            "id", "performer_organization_id", "requester_id", "owner_id", "reminders_sent"
        )
    )
    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            _chase_batch(rows[start : start + BATCH], today, result)
    return result


def _chase_batch(
    rows: Sequence[Row],
    today: datetime.date,
    result: ChaseResult,
) -> None:
    now = clock.now()
    agreements = {
        a.organization_id: a
        for a in ResponseAgreement.objects.select_related("contact_person").filter(
            organization_id__in={row[1] for row in rows}
        )
    }
    to_remind = [row for row in rows if row[4] == 0]
    to_escalate = [row for row in rows if row[4] >= 1]
    reminded = _remind(to_remind, today, now, agreements)
    escalated = _escalate(to_escalate, today, now, agreements)
    result.reminded += len(reminded)
    result.escalated += len(escalated)


def _lock_still_due(ids: list[int], today: datetime.date, reminders_sent: int) -> list[int]:
    """Of these, the ones still due, locked: a referral answered meanwhile is left alone."""
    return list(
        Referral.objects.select_for_update()
        .filter(id__in=ids, check_on__lte=today, reminders_sent=reminders_sent)
        .values_list("id", flat=True)
    )


def _remind(
    rows: Sequence[Row],
    today: datetime.date,
    now: datetime.datetime,
    agreements: dict[int, ResponseAgreement],
) -> list[int]:
    by_organization: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_organization[row[1]].append(row)
    done: list[int] = []
    for organization_id, group in by_organization.items():
        agreement = agreements.get(organization_id)
        days = agreement.escalation_days if agreement else DEFAULT_ESCALATION_DAYS
        ids = [row[0] for row in group]
        updated = _lock_still_due(ids, today, 0)
        Referral.objects.filter(id__in=updated).update(
            reminders_sent=1, check_on=add_working_days(today, max(days, 1))
        )
        if not updated:
            continue
        _events(updated, EventKind.REMINDER, now)
        organization = Organization.objects.get(pk=organization_id)
        owners = {row[3] for row in group if row[0] in set(updated) and row[3] is not None}
        people = _people(organization, agreement, owners)
        notices.reminders(organization, people, [reference_of(pk) for pk in updated])
        done += updated
    return done


def _escalate(
    rows: Sequence[Row],
    today: datetime.date,
    now: datetime.datetime,
    agreements: dict[int, ResponseAgreement],
) -> list[int]:
    by_organization: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_organization[row[1]].append(row)
    done: list[int] = []
    for organization_id, group in by_organization.items():
        agreement = agreements.get(organization_id)
        ids = [row[0] for row in group]
        updated = _lock_still_due(ids, today, 1)
        Referral.objects.filter(id__in=updated).update(
            reminders_sent=2, check_on=None, escalated_at=now
        )
        if not updated:
            continue
        _events(updated, EventKind.ESCALATION, now)
        organization = Organization.objects.get(pk=organization_id)
        contact = agreement.contact_person if agreement else None
        people = [contact] if contact is not None else []
        if not people:
            people = list(notices.care_members(organization)[: notices.MAX_TEAM_RECIPIENTS])
        notices.escalations(
            organization, people, organization.email, [reference_of(pk) for pk in updated]
        )
        by_requester: dict[int, list[int]] = defaultdict(list)
        chosen = set(updated)
        for row in group:
            if row[0] in chosen and row[2] is not None:
                by_requester[row[2]].append(row[0])
        for requester in User.objects.filter(pk__in=by_requester, is_active=True):
            numbers = [reference_of(pk) for pk in by_requester[requester.pk]]
            notices.overdue_for_requester([requester], numbers, organization)
        done += updated
    return done


def _people(
    organization: Organization, agreement: ResponseAgreement | None, owner_ids: set[int]
) -> list[User]:
    people = list(User.objects.filter(pk__in=owner_ids, is_active=True))
    if agreement is not None and agreement.contact_person is not None:
        people.append(agreement.contact_person)
    if not people:
        people = list(notices.care_members(organization)[: notices.MAX_TEAM_RECIPIENTS])
    return people


def _events(ids: list[int], kind: str, now: datetime.datetime) -> None:
    ReferralEvent.objects.bulk_create(
        [ReferralEvent(referral_id=pk, at=now, kind=kind) for pk in ids], batch_size=BATCH
    )
