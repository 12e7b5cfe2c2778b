"""Numbers that matter to an organisation: referrals in and out, answered in time, time to first
contact, outcomes, and how many social prescriptions led to an activity. Counts only, no
resident data, so no decision of the policy decision point is needed."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Organization
from core import clock
from referrals.models import OPEN_STATUSES, AgreedActivity, Kind, Outcome, Referral, Status

PERIOD_DAYS = 365


@dataclass
class Direction:
    total: int = 0
    open: int = 0
    overdue: int = 0
    receipt_in_time_percent: float | None = None
    first_contact_in_time_percent: float | None = None
    median_days_to_first_contact: float | None = None
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    prescriptions: int = 0
    prescriptions_with_activity: int = 0

    @property
    def prescriptions_with_activity_percent(self) -> float | None:
        if not self.prescriptions:
            return None
        return round(100 * self.prescriptions_with_activity / self.prescriptions, 1)


@dataclass
class Figures:
    organization: Organization
    since: datetime.date
    received: Direction
    sent: Direction


def figures_for(organization: Organization, *, days: int = PERIOD_DAYS) -> Figures:
    since = clock.today() - datetime.timedelta(days=days)
    sent_since = Q(authored_at__date__gte=since) & ~Q(status=Status.DRAFT)
    received = Referral.objects.filter(sent_since, performer_organization=organization)
    sent = Referral.objects.filter(sent_since, requester_organization=organization)
    return Figures(organization, since, _direction(received), _direction(sent))


def _percent(queryset: QuerySet[Referral], column: str) -> float | None:
    counts = queryset.aggregate(
        decided=Count("id", filter=Q(**{f"{column}__isnull": False})),
        in_time=Count("id", filter=Q(**{column: True})),
    )
    if not counts["decided"]:
        return None
    return round(100 * counts["in_time"] / counts["decided"], 1)


def _direction(queryset: QuerySet[Referral]) -> Direction:
    today = clock.today()
    direction = Direction(
        total=queryset.count(),
        open=queryset.filter(status__in=OPEN_STATUSES).count(),
        overdue=queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today).count(),
        receipt_in_time_percent=_percent(queryset, "receipt_in_time"),
        first_contact_in_time_percent=_percent(queryset, "first_contact_in_time"),
    )
    gaps = [
        (contact - sent).total_seconds() / 86400
        for sent, contact in queryset.filter(
            first_contact_at__isnull=False, requested_at__isnull=False
        ).values_list("requested_at", "first_contact_at")
        if sent is not None and contact is not None
    ]
    if gaps:
        direction.median_days_to_first_contact = round(statistics.median(gaps), 1)
    labels = dict(Outcome.choices)
    direction.outcomes = [
        (str(labels[row["outcome"]]), row["n"])
        for row in queryset.exclude(outcome="")
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    status_labels = dict(Status.choices)
    direction.statuses = [
        (str(status_labels[row["status"]]), row["n"])
        for row in queryset.values("status").annotate(n=Count("id")).order_by("-n")
    ]
    prescriptions = queryset.filter(kind=Kind.SOCIAL_PRESCRIPTION)
    direction.prescriptions = prescriptions.count()
    direction.prescriptions_with_activity = prescriptions.filter(
        Exists(AgreedActivity.objects.filter(referral=OuterRef("pk")))
    ).count()
    return direction
