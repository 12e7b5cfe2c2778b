"""A referral as the FHIR R4 resources of the Gravity SDOH referral pattern: a ServiceRequest
(what is asked, for whom, by whom, to whom) and the Task that tracks its fulfilment.

Every column of referrals.models.Referral maps onto one element here, so the FHIR API (a later
issue) is this translation. Checked against the official R4 schema in the tests.
"""

import datetime
from typing import Any

from audit.models import DataCategory
from referrals.models import (
    AgreedActivity,
    BusinessStatus,
    EventKind,
    Outcome,
    Referral,
    ReferralEvent,
    Status,
    StatusReason,
)

CODE_SYSTEM = "https://ontschot.nl/fhir/CodeSystem"
EXTENSION = "https://ontschot.nl/fhir/StructureDefinition"
SNOMED = "http://snomed.info/sct"
TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code"
SDOHCC_CODES = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
TASK_PROFILE = (
    "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement"
)
SERVICE_REQUEST_PROFILE = (
    "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest"
)

# ServiceRequest.status follows from the Task's (request-status has no accepted or rejected).
REQUEST_STATUS = {
    Status.DRAFT: "draft",
    Status.REQUESTED: "active",
    Status.ACCEPTED: "active",
    Status.IN_PROGRESS: "active",
    Status.ON_HOLD: "on-hold",
    Status.COMPLETED: "completed",
    Status.REJECTED: "revoked",
    Status.FAILED: "revoked",
    Status.CANCELLED: "revoked",
    Status.ENTERED_IN_ERROR: "entered-in-error",
}


def _instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _identifier(referral: Referral) -> list[dict[str, str]]:
    return [{"system": f"{CODE_SYSTEM}/referral-number", "value": referral.reference}]


def _coding(kind: str, code: str, display: object) -> dict[str, Any]:
    return {"coding": [{"system": f"{CODE_SYSTEM}/{kind}", "code": code, "display": str(display)}]}


def _patient(referral: Referral) -> dict[str, str]:
    return {"reference": f"Patient/{referral.resident_id}"}


def _requester(referral: Referral) -> dict[str, str]:
    organization = referral.requester_organization
    if referral.requester is None:
        return {"reference": f"Organization/{organization.pk}", "display": organization.name}
    name = referral.requester.get_full_name() or referral.requester.email
    return {
        "reference": f"Practitioner/{referral.requester_id}",
        "display": f"{name}, {organization.name}",
    }


def service_request_resource(referral: Referral) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "meta": {"profile": [SERVICE_REQUEST_PROFILE]},
        "identifier": _identifier(referral),
        "status": REQUEST_STATUS[Status(referral.status)],
        "intent": "order",
        "category": [
            {
                "coding": [
                    {"system": SNOMED, "code": "410606002", "display": "Social service procedure"}
                ]
            },
            _coding("referral-kind", referral.kind, referral.get_kind_display()),
        ],
        "priority": referral.urgency,
        "code": {"text": referral.service_name or referral.performer_organization.name},
        "subject": _patient(referral),
        "authoredOn": _instant(referral.authored_at),
        "requester": _requester(referral),
        "performer": _performers(referral),
        "reasonCode": [{"text": referral.reason}],
        "extension": [
            {"url": f"{EXTENSION}/shared-data-category", "valueCode": category}
            for category in referral.shared_categories
            if category in DataCategory.values
        ],
    }
    notes = []
    if referral.resident_wish:  # in the resident's own words: the resident is the author
        notes.append({"authorReference": _patient(referral), "text": referral.resident_wish})
    if referral.context:
        notes.append({"authorReference": _requester(referral), "text": referral.context})
    if notes:
        resource["note"] = notes
    if referral.consent_id is not None:
        resource["supportingInfo"] = [{"reference": f"Consent/{referral.consent_id}"}]
    if referral.based_on_id is not None:
        resource["basedOn"] = [{"reference": f"ServiceRequest/{referral.based_on_id}"}]
    if referral.household_id is not None:
        resource["extension"].append(
            {
                "url": f"{EXTENSION}/household",
                "valueReference": {"reference": f"Group/household-{referral.household_id}"},
            }
        )
    if not resource["extension"]:
        del resource["extension"]
    return resource


def _performers(referral: Referral) -> list[dict[str, str]]:
    organization = referral.performer_organization
    performers = []
    if referral.service_id is not None:
        performers.append(
            {
                "reference": f"HealthcareService/{referral.service_id}",
                "display": referral.service_name,
            }
        )
    performers.append(
        {"reference": f"Organization/{organization.pk}", "display": organization.name}
    )
    return performers


def task_resource(
    referral: Referral,
    events: list[ReferralEvent] | None = None,
    activities: list[AgreedActivity] | None = None,
) -> dict[str, Any]:
    events = events if events is not None else list(referral.events.all())
    activities = activities if activities is not None else list(referral.activities.all())
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(referral.pk),
        "meta": {"profile": [TASK_PROFILE]},
        "identifier": _identifier(referral),
        "status": referral.status,
        "intent": "order",
        "code": {
            "coding": [
                {"system": TASK_CODE, "code": "fulfill", "display": "Fulfill the focal request"}
            ]
        },
        "focus": {"reference": f"ServiceRequest/{referral.pk}"},
        "for": _patient(referral),
        "authoredOn": _instant(referral.authored_at),
        "lastModified": _instant(referral.last_modified),
        "requester": _requester(referral),
        "owner": _owner(referral),
    }
    if referral.status_reason:
        reason = _coding(
            "status-reason", referral.status_reason, StatusReason(referral.status_reason).label
        )
        if referral.status_note:
            reason["text"] = referral.status_note
        resource["statusReason"] = reason
    if referral.business_status:
        resource["businessStatus"] = _coding(
            "business-status",
            referral.business_status,
            BusinessStatus(referral.business_status).label,
        )
    if referral.due_on is not None:
        resource["restriction"] = {"period": {"end": referral.due_on.isoformat()}}
    if referral.received_at is not None:
        period = {"start": _instant(referral.received_at)}
        if referral.closed_at is not None:
            period["end"] = _instant(referral.closed_at)
        resource["executionPeriod"] = period
    outputs = _outputs(referral, activities)
    if outputs:
        resource["output"] = outputs
    notes = [
        {
            "time": _instant(e.at),
            "authorString": f"{e.actor_name}, {e.organization}" if e.organization else e.actor_name,
            "text": e.note,
        }
        for e in events
        if e.kind in (EventKind.FEEDBACK, EventKind.CONVERSATION) and e.note
    ]
    if notes:
        resource["note"] = notes
    return resource


def _owner(referral: Referral) -> dict[str, str]:
    if referral.owner is not None:
        name = referral.owner.get_full_name() or referral.owner.email
        return {"reference": f"Practitioner/{referral.owner_id}", "display": name}
    organization = referral.performer_organization
    return {"reference": f"Organization/{organization.pk}", "display": organization.name}


def _outputs(referral: Referral, activities: list[AgreedActivity]) -> list[dict[str, Any]]:
    outputs: list[dict[str, Any]] = []
    for activity in activities:
        activity_type = {
            "coding": [
                {
                    "system": SDOHCC_CODES,
                    "code": "resulting-activity",
                    "display": "Resulting Activity",
                }
            ]
        }
        if activity.service_id is not None:
            outputs.append(
                {
                    "type": activity_type,
                    "valueReference": {
                        "reference": f"HealthcareService/{activity.service_id}",
                        "display": activity.name,
                    },
                }
            )
        else:
            outputs.append({"type": activity_type, "valueString": activity.name})
    if referral.outcome:
        outcome = _coding("outcome", referral.outcome, Outcome(referral.outcome).label)
        if referral.outcome_note:
            outcome["text"] = referral.outcome_note
        outputs.append(
            {"type": _coding("output-type", "outcome", "Outcome"), "valueCodeableConcept": outcome}
        )
    return outputs
