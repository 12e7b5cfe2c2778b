"""A consent as a FHIR R4 Consent resource: the model maps onto it one-to-one (ADR 0011).

The FHIR API arrives with a later issue; this is the translation it will serve, checked against
the official R4 schema in the tests.
"""

import datetime
from typing import Any

from audit.models import DataCategory, Purpose
from privacy.models import Consent

CODE_SYSTEM = "https://ontschot.nl/fhir/CodeSystem"
SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"


def consent_resource(consent: Consent) -> dict[str, Any]:
    resident = consent.resident
    patient = {"reference": f"Patient/{resident.pk}", "display": resident.full_name}
    performer: dict[str, Any] = patient
    if consent.given_by_representative is not None:
        representative = consent.given_by_representative
        performer = {
            "reference": f"RelatedPerson/{representative.pk}",
            "display": representative.display_name,
        }
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "id": str(consent.pk),
        "status": consent.status,
        "scope": {"coding": [{"system": SCOPE, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": LOINC, "code": "59284-0", "display": "Consent"}]}],
        "patient": patient,
        "dateTime": _instant(consent.recorded_at),
        "performer": [performer],
        "policyRule": {"coding": [{"system": ACT_CODE, "code": "OPTIN"}]},
        "verification": [
            {
                "verified": True,
                "verifiedWith": patient,
                "verificationDate": _instant(consent.recorded_at),
            }
        ],
        "provision": _provision(consent),
    }
    if consent.recorded_for is not None:
        resource["organization"] = [
            {
                "reference": f"Organization/{consent.recorded_for.pk}",
                "display": consent.recorded_for.name,
            }
        ]
    return resource


def _provision(consent: Consent) -> dict[str, Any]:
    end = consent.revoked_at or consent.ends_at
    period = {"start": _instant(consent.starts_at)}
    if end is not None:
        period["end"] = _instant(end)
    if consent.organization is not None:
        recipient = {
            "reference": f"Organization/{consent.organization.pk}",
            "display": consent.organization.name,
        }
    else:
        recipient = {"reference": f"CareTeam/resident-{consent.resident_id}"}
    return {
        "type": "permit",
        "period": period,
        "actor": [
            {
                "role": {"coding": [{"system": PARTICIPATION, "code": "IRCP"}]},
                "reference": recipient,
            }
        ],
        "action": [{"coding": [{"system": CONSENT_ACTION, "code": "access"}]}],
        "purpose": [
            {
                "system": f"{CODE_SYSTEM}/purpose",
                "code": consent.purpose,
                "display": str(Purpose(consent.purpose).label),
            }
        ],
        "class": [
            {
                "system": f"{CODE_SYSTEM}/data-category",
                "code": category,
                "display": str(DataCategory(category).label),
            }
            for category in consent.categories
        ],
    }


def _instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
