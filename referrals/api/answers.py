"""The referral as the API answers it, built as plain dicts.

The shapes are those of `ReferralSerializer` and its parts in referrals/api/serializers.py, which
describe them in openapi.yaml; building them without DRF's serializers costs a tenth of the time
on the path of every change (docs/performance.md, "Referrals"). The tests compare the two for
referrals in every state, so a field added to one and not the other fails there.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from accounts.models import Organization, User
from core import clock
from referrals.models import AgreedActivity, Referral, ReferralEvent


def moment(value: datetime.datetime | None) -> str | None:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def organization_ref(organization: Organization | None) -> dict[str, Any] | None:
    if organization is None:
        return None
    return {"id": organization.pk, "name": organization.name}


def person_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.email}


def event_data(event: ReferralEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": moment(event.at),
        "kind": event.kind,
        "actor_name": event.actor_name,
        "organization": organization_ref(event.organization),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "status_reason": event.status_reason,
        "business_status": event.business_status,
        "outcome": event.outcome,
        "note": event.note,
        "happened_on": day(event.happened_on),
    }


def activity_data(activity: AgreedActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "service": str(activity.service_id) if activity.service_id is not None else None,
        "name": activity.name,
        "starts_on": day(activity.starts_on),
        "note": activity.note,
        "created_at": moment(activity.created_at),
    }


def referral_data(
    referral: Referral,
    *,
    allowed_moves: Iterable[str],
    events: Iterable[ReferralEvent] | None = None,
    activities: Iterable[AgreedActivity] | None = None,
    referred_on: Iterable[int] | None = None,
) -> dict[str, Any]:
    """One referral as `ReferralSerializer` shows it. `events`, `activities` and `referred_on`
    None leave those fields out (the answer to a change, unless its history was asked for)."""
    resident = referral.resident
    shared = "contact_details" in referral.shared_categories
    data: dict[str, Any] = {
        "id": referral.pk,
        "reference": referral.reference,
        "kind": referral.kind,
        "status": referral.status,
        "business_status": referral.business_status,
        "urgency": referral.urgency,
        "resident": {
            "id": resident.pk,
            "name": resident.full_name,
            "phone": resident.phone if shared else None,
            "email": resident.email if shared else None,
        },
        "requester_organization": organization_ref(referral.requester_organization),
        "performer_organization": organization_ref(referral.performer_organization),
        "service": (
            {"id": str(referral.service_id) if referral.service_id else None, "name": name}
            if (name := referral.service_name)
            else None
        ),
        "owner": person_ref(referral.owner),
        "authored_at": moment(referral.authored_at),
        "requested_at": moment(referral.requested_at),
        "last_modified": moment(referral.last_modified),
        "deadline": referral.deadline,
        "due_on": day(referral.due_on),
        "overdue": referral.due_on is not None and referral.due_on < clock.today(),
        "version": referral.version,
        "reason": referral.reason,
        "resident_wish": referral.resident_wish,
        "shared_categories": [str(c) for c in referral.shared_categories],
        "status_reason": referral.status_reason,
        "status_note": referral.status_note,
        "outcome": referral.outcome,
        "outcome_note": referral.outcome_note,
        "requester": person_ref(referral.requester),
        "requester_phone": referral.requester_phone,
        "requester_email": referral.requester_email,
        "received_at": moment(referral.received_at),
        "first_contact_at": moment(referral.first_contact_at),
        "closed_at": moment(referral.closed_at),
        "receipt_in_time": referral.receipt_in_time,
        "first_contact_in_time": referral.first_contact_in_time,
        "escalated_at": moment(referral.escalated_at),
        "based_on": referral.based_on_id,
    }
    if referred_on is not None:
        data["referred_on"] = list(referred_on)
    data["allowed_moves"] = list(allowed_moves)
    if events is not None:
        data["events"] = [event_data(e) for e in events]
    if activities is not None:
        data["activities"] = [activity_data(a) for a in activities]
    data["context"] = referral.context
    return data
