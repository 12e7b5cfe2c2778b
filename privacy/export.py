"""All data the platform holds about a resident, for their download (right of access and
portability). Later issues add plans and assessments here."""

from typing import Any

from audit.models import AuditEntry
from privacy import accesses
from privacy.models import BreakGlassAccess, Consent
from referrals.models import Referral
from referrals.services import resident_referrals
from residents.models import LegalRepresentative, Resident
from residents.services import care_team_of, household_members_of

FORMAT_VERSION = 1


def resident_data(resident: Resident) -> dict[str, Any]:
    return {
        "format": "ontschot-resident-data",
        "version": FORMAT_VERSION,
        "resident": {
            "given_name": resident.given_name,
            "family_name_prefix": resident.family_name_prefix,
            "family_name": resident.family_name,
            "date_of_birth": resident.date_of_birth,
            "email": resident.email,
            "phone": resident.phone,
            "address": {
                "street": resident.street,
                "house_number": resident.house_number,
                "postcode": resident.postcode,
                "place": resident.place,
                "district": resident.district.code if resident.district else None,
            },
            # The BSN is not repeated in the download: only the platform's masked form.
            "bsn": resident.masked_bsn or None,
        },
        "household": [
            {
                "name": m.resident.full_name,
                "relationship": m.relationship,
                "household": m.household.name,
                "since": m.since,
            }
            for m in household_members_of(resident)
        ],
        "legal_representatives": [
            {"name": r.display_name, "kind": r.kind, "since": r.since, "until": r.until}
            for r in LegalRepresentative.objects.filter(resident=resident).select_related(
                "representative"
            )
        ],
        "care_team": [
            {
                "organization": m.organization.name,
                "professional": m.professional.get_full_name() if m.professional else None,
                "role": m.role,
                "since": m.since,
            }
            for m in care_team_of(resident)
        ],
        "consents": [
            _consent(c)
            for c in Consent.objects.filter(resident=resident).select_related("organization")
        ],
        "referrals": [_referral(r) for r in resident_referrals(resident)],
        "emergency_accesses": [
            {
                "organization": b.organization.name,
                "reason": b.reason,
                "from": b.starts_at,
                "until": b.ends_at,
                "reviewed": b.reviewed_at,
            }
            for b in BreakGlassAccess.objects.filter(resident=resident).select_related(
                "organization"
            )
        ],
        "access_log": [
            {
                "at": e.at,
                "who": e.organization_name or e.actor_name,
                "action": e.action,
                "categories": e.categories,
                "purpose": e.purpose,
                "basis": e.basis,
                "outcome": e.outcome,
                "description": accesses.describe(e),
            }
            for e in AuditEntry.objects.filter(resident_id=resident.pk).order_by("at", "id")
        ],
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "to": consent.organization.name if consent.organization else "care team",
        "purpose": consent.purpose,
        "categories": consent.categories,
        "from": consent.starts_at,
        "until": consent.ends_at,
        "status": consent.status,
        "given": consent.method,
        "revoked": consent.revoked_at,
    }


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        "number": referral.reference,
        "kind": referral.kind,
        "from": referral.requester_organization.name,
        "to": referral.service_name or referral.performer_organization.name,
        "to_organization": referral.performer_organization.name,
        "question": referral.reason,
        "my_wish": referral.resident_wish,
        "context": referral.context,
        "urgency": referral.urgency,
        "data_shared": referral.shared_categories,
        "status": referral.status,
        "reason": referral.status_reason,
        "step": referral.business_status,
        "outcome": referral.outcome,
        "outcome_note": referral.outcome_note,
        "sent": referral.requested_at,
        "closed": referral.closed_at,
        "activities": [
            {"name": a.name, "starts_on": a.starts_on, "note": a.note}
            for a in referral.activities.all()
        ],
        "history": [
            {
                "at": e.at,
                "what": e.kind,
                "status": e.to_status,
                "step": e.business_status,
                "by": str(e.organization or ""),
                "note": e.note,
            }
            for e in referral.events.all()
        ],
    }
