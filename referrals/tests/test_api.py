"""Referrals through the JSON API (/api/v1/referrals): the same rules, decisions and audit
entries as the pages, idempotent creation, and bad input refused with nothing changed."""

import datetime
import json
import threading
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from accounts import services as account_services
from accounts.models import Membership, Organization, Role, User
from audit.models import AuditEntry, DataCategory, Purpose
from audit.models import Outcome as AuditOutcome
from conftest import make_professional
from directory.models import Service
from privacy.models import Consent
from referrals import services
from referrals.api import views
from referrals.models import (
    AgreedActivity,
    BusinessStatus,
    EventKind,
    IdempotentRequest,
    Kind,
    Referral,
    ReferralEvent,
    Status,
)
from referrals.services import ReferralDraft
from referrals.tests.conftest import actor_for, give_consent
from residents.models import Resident

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def api(client_for):
    """A signed-in client (session, as the pages' own calls) that reads English messages."""

    def login(user: User) -> Client:
        return english(client_for(user))

    return login


def post(client: Client, url: str, body: object, **headers: str):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def new_referral(resident: Resident, service: Service, /, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "resident": resident.pk,
        "service": str(service.pk),
        "kind": Kind.SOCIAL_PRESCRIPTION,
        "reason": "Somber sinds haar man overleed, slaapt slecht.",
        "resident_wish": "Weer onder de mensen komen.",
        "urgency": "routine",
        "categories": [DataCategory.CONTACT_DETAILS],
        "context": "",
    }
    body.update(changes)
    return body


@pytest.fixture
def welfare_consent(maria: Resident, welfare: Organization) -> Consent:
    return give_consent(maria, welfare)


@pytest.fixture
def sent(clock, gp, coach, maria, welfare_consent, wellbeing_service) -> Referral:
    draft = ReferralDraft(
        resident=maria,
        service=wellbeing_service,
        kind=Kind.SOCIAL_PRESCRIPTION,
        reason="Somber sinds haar man overleed.",
        categories=[DataCategory.CONTACT_DETAILS],
    )
    return services.do_create_referral(draft, actor=actor_for(gp))


def unchanged(referral: Referral) -> bool:
    status, version = referral.status, referral.version
    referral.refresh_from_db()
    return (referral.status, referral.version) == (status, version)


# --- creating, idempotently ------------------------------------------------------------------


def test_it_creates_and_sends_a_referral(
    api, clock, gp, coach, maria, welfare, welfare_consent, wellbeing_service
):
    response = post(
        api(gp), URL, new_referral(maria, wellbeing_service), **{"Idempotency-Key": "his-1"}
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    referral = Referral.objects.get()
    assert data["id"] == referral.pk and data["reference"] == referral.reference
    assert data["status"] == Status.REQUESTED
    assert data["performer_organization"] == {"id": welfare.pk, "name": welfare.name}
    assert data["service"] == {"id": str(wellbeing_service.pk), "name": "Welzijn op Recept"}
    assert data["resident"]["name"] == "Maria Smeets"
    assert [e["kind"] for e in data["events"]] == [EventKind.CREATED, EventKind.STATUS]
    assert response.headers["ETag"] == f'W/"{referral.version}"'
    assert "Idempotent-Replayed" not in response.headers
    created = AuditEntry.objects.get(
        action="create", records=[f"referral:{referral.pk}"], purpose="referral"
    )
    assert (created.channel, created.outcome, created.actor_id) == ("api", "allowed", gp.pk)


def test_a_repeat_with_the_same_key_returns_the_first_referral(
    api, clock, gp, maria, welfare_consent, wellbeing_service
):
    client = api(gp)
    body = new_referral(maria, wellbeing_service)
    first = post(client, URL, body, **{"Idempotency-Key": "his-2"})
    # The same request, formatted differently (another key order, other whitespace).
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    again = client.post(
        URL, data=reordered, content_type="application/json", headers={"Idempotency-Key": "his-2"}
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.json() == first.json()
    assert Referral.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(
    api, clock, gp, maria, welfare_consent, wellbeing_service
):
    client = api(gp)
    post(client, URL, new_referral(maria, wellbeing_service), **{"Idempotency-Key": "his-3"})
    other = new_referral(maria, wellbeing_service, urgency="urgent")
    response = post(client, URL, other, **{"Idempotency-Key": "his-3"})
    assert response.status_code == 422
    assert response.json()["reason"] == "idempotency_key_reused"
    assert "used before for a different request" in response.json()["detail"]
    assert Referral.objects.count() == 1
    assert Referral.objects.get().urgency == "routine"


def test_a_key_is_per_person_and_organisation(
    api, clock, gp, gp_practice, maria, welfare_consent, wellbeing_service
):
    colleague = make_professional("poh@example.nl", "Ruud", [(gp_practice, Role.PRACTICE_NURSE)])
    body = new_referral(maria, wellbeing_service)
    post(api(gp), URL, body, **{"Idempotency-Key": "same"})
    response = post(api(colleague), URL, body, **{"Idempotency-Key": "same"})
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert Referral.objects.count() == 2


@pytest.mark.parametrize("key", [None, "", "   ", "k" * 201])
def test_a_missing_or_overlong_key_is_refused(
    api, clock, gp, maria, welfare_consent, wellbeing_service, key
):
    headers = {} if key is None else {"Idempotency-Key": key}
    response = post(api(gp), URL, new_referral(maria, wellbeing_service), **headers)
    assert response.status_code == 400
    assert response.json()["reason"] == "idempotency_key_missing"
    assert "Idempotency-Key" in response.json()["detail"]
    assert Referral.objects.count() == 0


def test_the_loser_of_a_race_with_the_same_key_replays_the_winner(
    api, clock, gp, maria, welfare_consent, wellbeing_service, monkeypatch
):
    """Both requests looked before either committed; the unique key stops the second one, whose
    referral is rolled back with it, and it answers with the first one's referral."""
    client = api(gp)
    body = new_referral(maria, wellbeing_service)
    winner = post(client, URL, body, **{"Idempotency-Key": "race"})
    real_lookup = views.earlier_request
    calls: list[str] = []

    def looked_too_early(actor, key):
        calls.append(key)
        return None if len(calls) == 1 else real_lookup(actor, key)

    monkeypatch.setattr(views, "earlier_request", looked_too_early)
    loser = post(client, URL, body, **{"Idempotency-Key": "race"})
    assert loser.status_code == 201, loser.json()
    assert loser.headers["Idempotent-Replayed"] == "true"
    assert loser.json()["id"] == winner.json()["id"]
    assert len(calls) == 2
    assert Referral.objects.count() == 1
    assert ReferralEvent.objects.filter(kind=EventKind.CREATED).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent requests")
def test_two_requests_at_once_with_the_same_key_make_one_referral(
    clock, gp, maria, welfare_consent, wellbeing_service
):
    body = new_referral(maria, wellbeing_service)
    clients = [english(Client()), english(Client())]
    for client in clients:
        client.force_login(gp)
    barrier = threading.Barrier(2)
    responses: list = []
    errors: list[BaseException] = []

    def send(client: Client) -> None:
        try:
            barrier.wait(timeout=10)
            responses.append(post(client, URL, body, **{"Idempotency-Key": "at-once"}))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(r.status_code for r in responses) == [201, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert [r.headers.get("Idempotent-Replayed") for r in responses].count("true") == 1
    assert Referral.objects.count() == 1


def test_missing_consent_answers_409_then_the_consent_given_is_recorded_with_it(
    api, clock, gp, maria, welfare, wellbeing_service
):
    client = api(gp)
    body = new_referral(maria, wellbeing_service)
    refused = post(client, URL, body, **{"Idempotency-Key": "his-4"})
    assert refused.status_code == 409
    data = refused.json()
    assert data["reason"] == "consent_needed"
    assert data["organizations"] == [{"id": welfare.pk, "name": welfare.name}]
    assert data["categories"] == [DataCategory.REFERRALS, DataCategory.CONTACT_DETAILS]
    assert "has not given consent" in data["detail"]
    assert Referral.objects.count() == 0
    assert IdempotentRequest.objects.count() == 0  # a refusal does not use up the key

    body["consent"] = {"given_verbally": True}
    made = post(client, URL, body, **{"Idempotency-Key": "his-4"})
    assert made.status_code == 201, made.json()
    consent = Consent.objects.get(resident=maria, organization=welfare)
    assert consent.method == Consent.Method.VERBAL
    assert Referral.objects.get().consent_id == consent.pk


def test_a_failure_midway_leaves_no_consent_no_referral_and_no_key(
    api, clock, gp, maria, welfare, wellbeing_service, monkeypatch
):
    def boom(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "remember_request", boom)
    body = new_referral(maria, wellbeing_service, consent={"given_verbally": True})
    client = api(gp)
    client.raise_request_exception = False
    response = post(client, URL, body, **{"Idempotency-Key": "his-5"})
    assert response.status_code == 500
    assert Referral.objects.count() == 0
    assert not Consent.objects.filter(organization=welfare).exists()
    assert IdempotentRequest.objects.count() == 0


# --- bad input when creating -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 4001, "too long"),
        ("<script>alert(1)</script>", "HTML or script"),
        ("javascript:alert(1)", "HTML or script"),
        ("   ", "Fill in"),
    ],
)
def test_overlong_or_script_laden_text_is_refused(
    api, clock, gp, maria, welfare_consent, wellbeing_service, text, message
):
    body = new_referral(maria, wellbeing_service, reason=text)
    response = post(api(gp), URL, body, **{"Idempotency-Key": "his-6"})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert Referral.objects.count() == 0


def test_an_unknown_service_is_refused(api, clock, gp, maria, welfare_consent, wellbeing_service):
    body = new_referral(maria, wellbeing_service, service="00000000-0000-4000-8000-000000000000")
    response = post(api(gp), URL, body, **{"Idempotency-Key": "his-7"})
    assert response.status_code == 400
    assert response.json()["errors"]["service"] == [
        "There is no service with this id in the directory."
    ]
    assert Referral.objects.count() == 0


def test_a_service_not_on_the_platform_is_refused_with_the_reason(
    api, clock, gp, maria, welfare_consent, choir
):
    response = post(api(gp), URL, new_referral(maria, choir), **{"Idempotency-Key": "his-8"})
    assert response.status_code == 422
    assert "does not receive referrals through ontschot" in response.json()["detail"]


def test_fields_of_the_wrong_kind_are_named(api, clock, gp, maria, wellbeing_service):
    body = new_referral(maria, wellbeing_service, urgency="tomorrow", categories=["bsn"])
    del body["reason"]
    response = post(api(gp), URL, body, **{"Idempotency-Key": "his-9"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"urgency", "categories", "reason"}
    neither = new_referral(maria, wellbeing_service, service=None)
    response = post(api(gp), URL, neither, **{"Idempotency-Key": "his-10"})
    assert response.status_code == 400 and "service" in response.json()["errors"]


def test_a_resident_without_any_tie_looks_like_an_id_nobody_has(
    api, clock, gp, other_resident, wellbeing_service
):
    client = api(gp)
    stranger = other_resident.resident
    answers = [
        post(client, URL, new_referral(stranger, wellbeing_service), **{"Idempotency-Key": "a"}),
        post(
            client,
            URL,
            new_referral(stranger, wellbeing_service, resident=987654),
            **{"Idempotency-Key": "b"},
        ),
        # Bad text does not tell them apart either: the tie is checked first.
        post(
            client,
            URL,
            new_referral(stranger, wellbeing_service, reason="x" * 5000),
            **{"Idempotency-Key": "c"},
        ),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    denied = AuditEntry.objects.filter(channel="api", outcome=AuditOutcome.DENIED)
    assert denied.count() == 3
    assert set(denied.values_list("resident_id", flat=True)) == {stranger.pk, 987654}
    assert Referral.objects.count() == 0


def test_a_resident_tied_otherwise_is_asked_for_consent_for_both_organisations(
    api, clock, gp, gp_practice, other_resident, welfare, wellbeing_service
):
    """Known to the practice (a consent for another purpose), so the answer explains itself."""
    resident = other_resident.resident
    give_consent(resident, gp_practice, purpose=Purpose.CARE_COORDINATION)
    client = api(gp)
    body = new_referral(resident, wellbeing_service)
    asked = post(client, URL, body, **{"Idempotency-Key": "tied"})
    assert asked.status_code == 409
    assert [o["id"] for o in asked.json()["organizations"]] == [gp_practice.pk, welfare.pk]
    body["consent"] = {"given_verbally": True}
    made = post(client, URL, body, **{"Idempotency-Key": "tied"})
    assert made.status_code == 201, made.json()
    verbal = Consent.objects.filter(resident=resident, method=Consent.Method.VERBAL)
    assert set(verbal.values_list("organization_id", flat=True)) == {gp_practice.pk, welfare.pk}


# --- the inbox -------------------------------------------------------------------------------


def test_the_inbox_and_the_outbox(api, sent, gp, coach, maria):
    received = api(coach).get(URL, {"box": "in"})
    assert received.status_code == 200
    data = received.json()
    assert (data["count"], data["page"], data["pages"], data["page_size"]) == (1, 1, 1, 50)
    row = data["results"][0]
    assert row["id"] == sent.pk and row["status"] == Status.REQUESTED
    assert row["resident"] == {"id": maria.pk, "name": "Maria Smeets"}
    assert row["overdue"] is False
    listed = AuditEntry.objects.filter(records=[f"referral:{sent.pk}"], action="read")
    assert listed.get().channel == "api"

    client = api(gp)
    assert client.get(URL, {"box": "out"}).json()["count"] == 1
    assert client.get(URL, {"box": "in"}).json()["count"] == 0
    assert client.get(URL, {"box": "out", "status": "closed"}).json()["count"] == 0
    assert client.get(URL, {"box": "out", "status": "requested"}).json()["count"] == 1
    assert client.get(URL, {"box": "out", "page": 2}).json()["results"] == []


def test_the_inbox_hides_the_name_once_consent_is_withdrawn(api, sent, coach, welfare_consent):
    welfare_consent.status = Consent.Status.INACTIVE
    welfare_consent.revoked_at = welfare_consent.starts_at + datetime.timedelta(days=31)
    welfare_consent.save()
    row = api(coach).get(URL).json()["results"][0]
    assert row["id"] == sent.pk and row["resident"] is None
    denied = AuditEntry.objects.get(records=[f"referral:{sent.pk}"], action="read")
    assert (denied.channel, denied.outcome) == ("api", AuditOutcome.DENIED)


def test_late_referrals_can_be_listed_alone(api, sent, coach, clock):
    client = api(coach)
    assert client.get(URL, {"overdue": "true"}).json()["count"] == 0
    clock.advance(datetime.timedelta(days=7))
    late = client.get(URL, {"overdue": "true"}).json()
    assert late["count"] == 1 and late["results"][0]["overdue"] is True


def test_bad_inbox_parameters_are_named(api, gp):
    response = api(gp).get(URL, {"box": "sideways", "status": "lost", "page": "0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"box", "status", "page"}


# --- one referral ----------------------------------------------------------------------------


def test_reading_it_as_the_receiver_confirms_receipt(api, sent, gp, coach):
    gp_view = api(gp).get(f"{URL}/{sent.pk}")
    assert gp_view.status_code == 200 and gp_view.json()["business_status"] == ""
    response = api(coach).get(f"{URL}/{sent.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["business_status"] == BusinessStatus.RECEIVED
    assert data["version"] == sent.version + 1
    assert response.headers["ETag"] == f'W/"{data["version"]}"'
    assert data["allowed_moves"] == ["accepted", "rejected", "on-hold", "cancelled"]
    assert data["resident"]["phone"] is not None  # contact details were shared
    assert [e["kind"] for e in data["events"]][-1] == EventKind.STEP
    again = api(coach).get(f"{URL}/{sent.pk}").json()
    assert again["version"] == data["version"]  # reading again changes nothing


def test_an_outsider_gets_not_found_and_the_denial_is_logged(api, sent, social_worker):
    client = api(social_worker)
    read = client.get(f"{URL}/{sent.pk}")
    missing = client.get(f"{URL}/987654")
    assert read.status_code == missing.status_code == 404
    assert read.json() == missing.json()
    changed = post(client, f"{URL}/{sent.pk}/transitions", {"status": "cancelled", "version": 1})
    assert changed.status_code == 404
    denied = AuditEntry.objects.filter(
        records=[f"referral:{sent.pk}"], outcome=AuditOutcome.DENIED, channel="api"
    )
    assert denied.count() == 2  # the read and the change, the latter although rolled back
    assert unchanged(sent)


def test_a_role_without_residents_and_anonymous_callers_are_refused(client, api, sent, editor):
    assert api(editor).get(URL).status_code == 403
    assert api(editor).get(f"{URL}/{sent.pk}").status_code == 403
    client.logout()
    assert client.get(URL).status_code == 403


# --- changing it -----------------------------------------------------------------------------


def test_a_transition(api, sent, coach):
    response = post(
        api(coach), f"{URL}/{sent.pk}/transitions", {"status": "accepted", "version": sent.version}
    )
    assert response.status_code == 200, response.json()
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED
    assert response.json()["version"] == sent.version
    assert response.headers["ETag"] == f'W/"{sent.version}"'
    changed = AuditEntry.objects.filter(records=[f"referral:{sent.pk}"], action="update").last()
    assert changed is not None and changed.channel == "api"


def test_a_transition_answers_without_the_history_unless_asked(api, sent, coach):
    url = f"{URL}/{sent.pk}/transitions"
    accepted = post(api(coach), url, {"status": "accepted", "version": sent.version})
    assert accepted.status_code == 200, accepted.json()
    data = accepted.json()
    assert data["status"] == Status.ACCEPTED and data["business_status"] == "received"
    assert data["allowed_moves"] and data["resident"]["name"] == "Maria Smeets"
    assert not {"events", "activities", "referred_on"} & set(data)
    started = post(
        api(coach), f"{url}?include=history", {"status": "in-progress", "version": data["version"]}
    )
    assert started.status_code == 200, started.json()
    full = started.json()
    assert full["events"][-1]["to_status"] == Status.IN_PROGRESS
    assert full["events"][-2]["to_status"] == Status.ACCEPTED
    assert full["activities"] == [] and full["referred_on"] == []
    assert full == api(coach).get(f"{URL}/{sent.pk}").json()  # as reading it


def test_the_answers_are_the_serializers_shapes(api, sent, coach, gp, choir):
    """The API builds its answers as plain dicts (referrals.api.answers); openapi.yaml describes
    them by the serializers. Both must give the same, in every state a referral passes."""
    from rest_framework.renderers import JSONRenderer

    from referrals.api.answers import referral_data
    from referrals.api.serializers import ReferralSerializer, TransitionAnswerSerializer
    from referrals.states import allowed_moves

    def rendered(data) -> object:
        return json.loads(JSONRenderer().render(data))

    def both(referral_id: int, actor) -> None:
        referral = services._decide(referral_id, actor, "read", "api", for_update=False)[0]
        moves = allowed_moves(referral.status, services.sides_of(actor, referral))
        events = services.history_of(referral)
        activities = list(referral.activities.all())
        referred_on = list(referral.referred_on.values_list("pk", flat=True))
        context = {
            "events": events,
            "activities": activities,
            "referred_on": referred_on,
            "allowed_moves": moves,
        }
        full = referral_data(
            referral,
            allowed_moves=moves,
            events=events,
            activities=activities,
            referred_on=referred_on,
        )
        assert rendered(full) == rendered(ReferralSerializer(referral, context=context).data)
        history = ("events", "activities", "referred_on")
        slim = {key: value for key, value in full.items() if key not in history}
        assert referral_data(referral, allowed_moves=moves) == slim
        assert set(TransitionAnswerSerializer().fields) == set(full)

    both(sent.pk, actor_for(gp))
    client = api(coach)
    base = f"{URL}/{sent.pk}"
    accepted = post(client, f"{base}/transitions", {"status": "accepted", "version": 1})
    version = accepted.json()["version"]
    assigned = post(client, f"{base}/assignment", {"assignee": coach.pk, "version": version})
    assert assigned.status_code == 200, assigned.json()
    activity = post(
        client, f"{base}/activities", {"service": str(choir.pk), "starts_on": "2026-12-01"}
    )
    assert activity.status_code == 201, activity.json()
    version = activity.json()["version"]
    contact = post(client, f"{base}/first-contact", {"version": version, "on": "2026-11-25"})
    assert contact.status_code == 200, contact.json()
    both(sent.pk, actor_for(coach))
    Referral.objects.filter(pk=sent.pk).update(shared_categories=[DataCategory.REFERRALS])
    both(sent.pk, actor_for(gp))  # contact details not shared


def test_the_version_may_come_as_if_match(api, sent, coach):
    url = f"{URL}/{sent.pk}/transitions"
    body = {"status": "on-hold", "reason": "waiting_list"}
    response = post(api(coach), url, body, **{"If-Match": f'W/"{sent.version}"'})
    assert response.status_code == 200, response.json()
    assert response.json()["business_status"] == BusinessStatus.WAITING_LIST
    without = post(api(coach), url, {"status": "accepted"})
    assert without.status_code == 400 and "version" in without.json()["errors"]


def test_a_stale_version_is_refused_and_changes_nothing(api, sent, coach, colleague):
    loaded = sent.version  # what both loaded
    post(api(coach), f"{URL}/{sent.pk}/transitions", {"status": "accepted", "version": loaded})
    sent.refresh_from_db()
    response = post(
        api(colleague),
        f"{URL}/{sent.pk}/transitions",
        {"status": "rejected", "reason": "no_capacity", "version": loaded},
    )
    assert response.status_code == 409
    data = response.json()
    assert data["reason"] == "changed_meanwhile"
    assert data["version"] == sent.version
    assert "changed this referral meanwhile" in data["detail"]
    assert unchanged(sent) and sent.status == Status.ACCEPTED


@pytest.mark.parametrize(
    ("who", "body", "message"),
    [
        ("coach", {"status": "completed", "outcome": "goal_reached"}, "cannot become"),
        ("gp", {"status": "accepted"}, "Only the receiving organisation"),
        ("coach", {"status": "rejected"}, "Give the reason."),
        ("coach", {"status": "rejected", "reason": "other"}, "Explain the reason"),
        ("coach", {"status": "accepted", "reason": "no_capacity"}, "A reason belongs only"),
        (
            "coach",
            {"status": "rejected", "reason": "no_capacity", "note": "<b>vol</b>"},
            "HTML or script",
        ),
    ],
)
def test_refused_transitions_change_nothing(api, sent, gp, coach, who, body, message):
    user = coach if who == "coach" else gp
    response = post(api(user), f"{URL}/{sent.pk}/transitions", {**body, "version": sent.version})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert unchanged(sent)
    assert (
        not ReferralEvent.objects.filter(referral=sent, kind=EventKind.STATUS)
        .exclude(to_status=Status.REQUESTED)
        .exists()
    )


def test_an_unknown_status_is_a_field_error(api, sent, coach):
    response = post(
        api(coach), f"{URL}/{sent.pk}/transitions", {"status": "done", "version": sent.version}
    )
    assert response.status_code == 400 and "status" in response.json()["errors"]
    assert unchanged(sent)


def test_social_prescription_from_acceptance_to_outcome(api, sent, gp, coach, colleague, choir):
    client = api(coach)
    base = f"{URL}/{sent.pk}"
    version = client.get(base).json()["version"]
    version = post(client, f"{base}/transitions", {"status": "accepted", "version": version})
    version = version.json()["version"]
    assigned = post(client, f"{base}/assignment", {"assignee": colleague.pk, "version": version})
    assert assigned.status_code == 200 and assigned.json()["owner"]["id"] == colleague.pk
    version = assigned.json()["version"]
    contact = post(
        client,
        f"{base}/first-contact",
        {"version": version, "on": "2026-11-25", "note": "Gebeld, afspraak gemaakt."},
    )
    assert contact.status_code == 200, contact.json()
    assert contact.json()["business_status"] == BusinessStatus.FIRST_CONTACT
    talk = post(client, f"{base}/conversations", {"on": "2026-11-25", "note": "Zingt graag."})
    assert talk.status_code == 201
    activity = post(client, f"{base}/activities", {"service": str(choir.pk), "note": "Dinsdag"})
    assert activity.status_code == 201
    data = activity.json()
    assert data["status"] == Status.IN_PROGRESS
    assert data["activities"][0]["name"] == "Buurtkoor"
    assert data["activities"][0]["service"] == str(choir.pk)
    done = post(
        client,
        f"{base}/transitions",
        {
            "status": "completed",
            "outcome": "goal_reached",
            "note": "Zingt wekelijks mee.",
            "version": data["version"],
        },
    )
    assert done.status_code == 200 and done.json()["outcome"] == "goal_reached"
    feedback = post(api(gp), f"{base}/feedback", {"message": "Dank voor het terugkoppelen!"})
    assert feedback.status_code == 201
    gp_view = feedback.json()
    assert gp_view["status"] == Status.COMPLETED
    assert gp_view["outcome_note"] == "Zingt wekelijks mee."
    assert gp_view["events"][-1]["note"] == "Dank voor het terugkoppelen!"
    assert AgreedActivity.objects.filter(referral=sent).count() == 1
    # Every step above went through the API (the fixture made the referral through the page).
    after_creation = AuditEntry.objects.filter(records=[f"referral:{sent.pk}"]).exclude(
        action="create"
    )
    assert not after_creation.filter(channel="page").exists()


def test_bad_input_on_the_other_changes_is_refused(api, sent, gp, coach):
    client = api(coach)
    base = f"{URL}/{sent.pk}"
    # Not accepted yet: no first contact, conversation or activity.
    early = post(client, f"{base}/first-contact", {"version": sent.version})
    assert early.status_code == 422 and "Accept the referral first" in early.json()["detail"]
    assert post(client, f"{base}/conversations", {"note": "x"}).status_code == 422
    assert post(client, f"{base}/activities", {"name": "Koor"}).status_code == 422
    sent.refresh_from_db()
    post(client, f"{base}/transitions", {"status": "accepted", "version": sent.version})
    sent.refresh_from_db()
    future = post(client, f"{base}/first-contact", {"version": sent.version, "on": "2027-01-01"})
    assert future.status_code == 422 and "future" in future.json()["detail"]
    unknown = post(
        client, f"{base}/activities", {"service": "00000000-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 400 and "service" in unknown.json()["errors"]
    nameless = post(client, f"{base}/activities", {"name": "  "})
    assert nameless.status_code == 422
    outsider = post(client, f"{base}/assignment", {"assignee": gp.pk, "version": sent.version})
    assert outsider.status_code == 422 and "colleague" in outsider.json()["detail"]
    script = post(client, f"{base}/feedback", {"message": "<script>alert(1)</script>"})
    assert script.status_code == 422
    long = post(client, f"{base}/feedback", {"message": "x" * 2001})
    assert long.status_code == 422 and "too long" in long.json()["detail"]
    assert unchanged(sent)
    assert not ReferralEvent.objects.filter(
        referral=sent, kind__in=[EventKind.FEEDBACK, EventKind.CONVERSATION, EventKind.ACTIVITY]
    ).exists()
    # Only the receiver registers contact; the referrer is told so.
    gp_try = post(api(gp), f"{base}/first-contact", {"version": sent.version})
    assert gp_try.status_code == 422 and "receiving organisation" in gp_try.json()["detail"]


def test_messages_follow_the_language(client_for, sent, coach):
    client = client_for(coach)  # no language chosen: Dutch
    response = post(client, f"{URL}/{sent.pk}/transitions", {"status": "rejected", "version": 1})
    assert response.status_code == 422
    assert "Give the reason" not in response.json()["detail"]


# --- a system with an API key ----------------------------------------------------------------


def test_a_system_refers_and_reads_with_an_api_key(
    clock, gp, gp_practice, maria, welfare_consent, wellbeing_service
):
    membership = Membership.objects.get(user=gp, organization=gp_practice)
    _token, key = account_services.do_create_api_token(
        membership, name="HIS", expires_at=None, actor=gp
    )
    client = english(Client())
    auth = {"Authorization": f"Bearer {key}"}
    made = post(
        client, URL, new_referral(maria, wellbeing_service), **auth, **{"Idempotency-Key": "k1"}
    )
    assert made.status_code == 201, made.json()
    listed = client.get(URL, {"box": "out"}, headers=auth)
    assert listed.json()["results"][0]["resident"]["name"] == "Maria Smeets"
    read = client.get(f"{URL}/{made.json()['id']}", headers=auth)
    assert read.status_code == 200
    entries = AuditEntry.objects.filter(actor_id=gp.pk, channel="api")
    assert entries.filter(action="create").exists()
    assert entries.filter(organization_id=gp_practice.pk).count() == entries.count() >= 3
    wrong = client.get(URL, headers={"Authorization": "Bearer ont_not_a_key"})
    assert wrong.status_code == 401


# --- the description -------------------------------------------------------------------------


def test_the_openapi_document_validates_and_describes_the_referrals(tmp_path: Path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate")
    document = yaml.safe_load(generated.read_text(encoding="utf-8"))
    paths = document["paths"]
    assert set(paths["/api/v1/referrals"]) == {"get", "post"}
    for action in ("transitions", "feedback", "first-contact", "assignment", "conversations"):
        assert "post" in paths[f"/api/v1/referrals/{{referral_id}}/{action}"]
    create = paths["/api/v1/referrals"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in create["parameters"])
    assert {"201", "400", "404", "409", "422"} <= set(create["responses"])


@pytest.mark.parametrize(
    "body",
    [
        {"status": "done", "version": 1},
        {"status": "accepted", "version": 0},
        {"status": "accepted", "version": "drie"},
        {"status": "rejected", "reason": "geen zin", "outcome": "x", "version": 1},
        {"version": 1},
        ["accepted"],
    ],
)
def test_bad_input_gets_drfs_own_messages_in_the_language_asked(client_for, sent, coach, body):
    """The changes validate with serializers built once per language (views._checker): the
    messages are DRF's, as a fresh serializer gives them, in each request's language."""
    from django.utils import translation

    from referrals.api.serializers import TransitionSerializer

    answers = {}
    for language in ("nl", "en", "nl", "en"):
        client = client_for(coach)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = post(client, f"{URL}/{sent.pk}/transitions", body)
        assert response.status_code == 400
        with translation.override(language):
            fresh = TransitionSerializer(data=body)
            assert not fresh.is_valid()
            expected = json.loads(json.dumps(fresh.errors))
        assert response.json()["errors"] == expected
        answers[language] = response.json()["errors"]
    if body == {"status": "accepted", "version": 0}:
        assert answers["nl"] != answers["en"]  # translated, not the first language kept
    assert unchanged(sent)
