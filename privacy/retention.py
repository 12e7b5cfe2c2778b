"""Retention: what has been kept longer than its category's rule allows is anonymised or deleted,
and each run leaves an entry in the access log (actor: the system, purpose: administration).

Run daily by the scheduler (`privacy.tasks.apply_retention`). The access log itself is not
subject to these rules: it is append-only (ADR 0010); residents' ids in it point at anonymised
records after retention.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from audit import services as audit
from audit.models import Action, Channel, DataCategory, Outcome, Purpose
from privacy.models import Consent, RetentionRule
from residents.models import CareTeamMember, Resident

ANONYMOUS = "Geanonimiseerd"


def apply_retention(now: datetime.datetime | None = None) -> dict[str, int]:
    """Apply every rule that has a handler; how many records each changed."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for rule in RetentionRule.objects.all():
        handler = HANDLERS.get(rule.category)
        if handler is not None:
            done[rule.category] = handler(rule, now - datetime.timedelta(days=rule.keep_for_days))
    return done


def _anonymise_contact_details(rule: RetentionRule, cutoff: datetime.datetime) -> int:
    """Residents without an account, without a consent in force or a current care team, whose
    last involvement (care team end, consent end or revocation, creation) is before the cutoff."""
    today = timezone.localdate()
    in_force = Consent.objects.in_force().filter(resident=OuterRef("pk"))
    involved = CareTeamMember.objects.filter(resident=OuterRef("pk")).filter(
        Q(until__isnull=True) | Q(until__gt=today)
    )
    candidates = (
        Resident.objects.filter(account__isnull=True, anonymised_at__isnull=True)
        .exclude(Exists(in_force))
        .exclude(Exists(involved))
        .annotate(
            last_team=Max("care_team__until"),
            last_consent=Max("consents__ends_at"),
            last_revocation=Max("consents__revoked_at"),
        )
    )
    changed = 0
    for resident in candidates.iterator(chunk_size=1000):
        last = max(
            [resident.created_at]
            + [d for d in (resident.last_consent, resident.last_revocation) if d is not None]
            + ([_start_of_day(resident.last_team)] if resident.last_team is not None else [])
        )
        if last < cutoff:
            _anonymise(resident, rule)
            changed += 1
    return changed


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def _anonymise(resident: Resident, rule: RetentionRule) -> None:
    resident.given_name = ANONYMOUS
    resident.family_name_prefix = ""
    resident.family_name = ANONYMOUS
    resident.date_of_birth = resident.date_of_birth.replace(month=1, day=1)  # keep only the year
    for name in ("email", "phone", "street", "house_number", "place"):
        setattr(resident, name, "")
    resident.postcode = resident.postcode[:4]  # the PC4 area, for figures per district
    resident.set_bsn("")
    resident.anonymised_at = timezone.now()
    resident.save()
    audit.record(
        actor=None,
        organization=None,
        resident_id=resident.pk,
        records=[f"resident:{resident.pk}"],
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=Purpose.ADMINISTRATION,
        action=Action.UPDATE,
        outcome=Outcome.ALLOWED,
        basis=f"retention:{rule.category}",
        reason=f"{rule.keep_for_days} days, {rule.method}",
        channel=Channel.TASK,
    )


def _delete_closed_referrals(rule: RetentionRule, cutoff: datetime.datetime) -> int:
    """Referrals closed before the cutoff, with their history and activities; one entry in the
    access log per resident. Open referrals are never removed."""
    from referrals.models import CLOSED_STATUSES, Referral  # referrals builds on privacy

    expired = Referral.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff)
    deleted = 0
    for resident_id in expired.values_list("resident_id", flat=True).distinct().iterator():
        with transaction.atomic():
            ids = list(expired.filter(resident_id=resident_id).values_list("id", flat=True))
            Referral.objects.filter(based_on_id__in=ids).update(based_on=None)
            Referral.objects.filter(id__in=ids).delete()
            audit.record(
                actor=None,
                organization=None,
                resident_id=resident_id,
                records=[f"referral:{pk}" for pk in ids],
                categories=[DataCategory.REFERRALS],
                purpose=Purpose.ADMINISTRATION,
                action=Action.DELETE,
                outcome=Outcome.ALLOWED,
                basis=f"retention:{rule.category}",
                reason=f"{rule.keep_for_days} days, {rule.method}",
                channel=Channel.TASK,
            )
            deleted += len(ids)
    return deleted


HANDLERS: dict[str, Callable[[RetentionRule, datetime.datetime], int]] = {
    DataCategory.CONTACT_DETAILS: _anonymise_contact_details,
    DataCategory.REFERRALS: _delete_closed_referrals,
}
