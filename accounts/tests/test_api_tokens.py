"""API keys: a system calls the JSON API as one membership (one person, one organisation, one
role), with `Authorization: Bearer <key>`; professionals make and revoke their keys themselves."""

import datetime
import hashlib
import re

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import services
from accounts.api_auth import ApiTokenAuthentication
from accounts.models import ApiToken, Membership, Organization, Role, SecurityEvent, User
from audit.models import AuditEntry, DataCategory, Purpose
from conftest import make_professional
from privacy import services as privacy_services
from privacy.models import Consent
from privacy.policy import Actor

pytestmark = pytest.mark.django_db


# A write endpoint for the CSRF tests (the API has no writes yet): it answers who the caller is.
@api_view(["POST"])
def whoami(request: Request) -> Response:
    actor = Actor.of(request)
    organization = actor.organization
    return Response(
        {
            "user": actor.user.email if actor.user else None,
            "organization": organization.slug if organization else None,
            "echo": request.data,
        }
    )


urlpatterns = [path("api/v1/test-whoami", whoami), path("", include("ontschot.urls"))]


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def make_key(membership: Membership, **changes: object) -> tuple[ApiToken, str]:
    token, key = services.do_create_api_token(
        membership, name="HIS koppeling", expires_at=None, actor=membership.user
    )
    if changes:
        ApiToken.objects.filter(pk=token.pk).update(**changes)
        token.refresh_from_db()
    return token, key


def membership_of(user: User, organization: Organization) -> Membership:
    return Membership.objects.get(user=user, organization=organization)


@pytest.fixture
def consent(resident_user: User, social_team: Organization) -> Consent:
    """Mevrouw Smeets lets the social team see her contact details."""
    return privacy_services.do_record_consent(
        resident_user.resident,
        organization_id=social_team.pk,
        care_team=False,
        purpose=Purpose.CARE_COORDINATION,
        categories=[DataCategory.CONTACT_DETAILS],
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        ends_at=None,
        method=Consent.Method.PORTAL,
        given_by_resident=True,
        representative=None,
        actor=Actor(resident_user),
    )


@pytest.fixture
def two_teams(social_team: Organization, welfare: Organization) -> User:
    """Noor is a social worker in the team and a wellbeing coach at the welfare organisation."""
    return make_professional(
        "noor@example.nl",
        "Noor",
        [(social_team, Role.SOCIAL_WORKER), (welfare, Role.WELLBEING_COACH)],
    )


# --- The key on the API ---


def test_a_key_acts_as_its_membership_and_the_log_names_the_organisation(
    social_worker: User, social_team: Organization, resident_user: User, consent: Consent
) -> None:
    _token, key = make_key(membership_of(social_worker, social_team))
    maria = resident_user.resident

    response = Client().get(f"/api/v1/residents/{maria.pk}", headers=bearer(key))

    assert response.status_code == 200
    assert response.json()["family_name"] == "Smeets"
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None
    assert (entry.channel, entry.outcome) == ("api", "allowed")
    assert entry.actor_id == social_worker.pk
    assert (entry.organization_id, entry.organization_name) == (social_team.pk, social_team.name)


def test_a_key_for_one_organisation_cannot_act_for_another(
    client_for,
    two_teams: User,
    social_team: Organization,
    welfare: Organization,
    resident_user: User,
    consent: Consent,
) -> None:
    maria = resident_user.resident
    _token, welfare_key = make_key(membership_of(two_teams, welfare))
    # Even with a browser session acting for the team (which has consent), the key decides.
    session = client_for(two_teams)
    assert session.get(f"/api/v1/residents/{maria.pk}").status_code == 200

    response = session.get(f"/api/v1/residents/{maria.pk}", headers=bearer(welfare_key))

    assert response.status_code == 404  # the welfare organisation has no tie to her at all
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None
    assert (entry.outcome, entry.organization_id) == ("denied", welfare.pk)

    _token, team_key = make_key(membership_of(two_teams, social_team))
    assert (
        Client().get(f"/api/v1/residents/{maria.pk}", headers=bearer(team_key)).status_code == 200
    )


def test_a_key_answers_401_with_the_reason_when_revoked(
    social_worker: User, social_team: Organization, resident_user: User, consent: Consent
) -> None:
    token, key = make_key(membership_of(social_worker, social_team))
    services.do_revoke_api_token(token, actor=social_worker)

    response = english(Client()).get(
        f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(key)
    )

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API key has been revoked. Make a new key on your page for API keys in "
        "ontschot.",
        "reason": "key_revoked",
    }
    assert response["WWW-Authenticate"].startswith("Bearer ")
    assert not AuditEntry.objects.filter(resident_id=resident_user.resident.pk, channel="api")


def test_an_expired_key_answers_401(
    social_worker: User, social_team: Organization, resident_user: User
) -> None:
    _token, key = make_key(
        membership_of(social_worker, social_team),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    response = english(Client()).get(
        f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(key)
    )
    assert response.status_code == 401
    assert response.json()["reason"] == "key_expired"
    assert response.json()["detail"].startswith("This API key has expired.")


def test_a_key_with_an_expiry_date_in_the_future_works(
    social_worker: User, social_team: Organization, resident_user: User, consent: Consent
) -> None:
    _token, key = make_key(
        membership_of(social_worker, social_team),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = Client().get(f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(key))
    assert response.status_code == 200


@pytest.mark.parametrize("what", ["membership", "user", "organization"])
def test_a_key_stops_when_its_membership_user_or_organisation_is_inactive(
    what: str, social_worker: User, social_team: Organization, resident_user: User, consent: Consent
) -> None:
    membership = membership_of(social_worker, social_team)
    _token, key = make_key(membership)
    {
        "membership": Membership.objects.filter(pk=membership.pk),
        "user": User.objects.filter(pk=social_worker.pk),
        "organization": Organization.objects.filter(pk=social_team.pk),
    }[what].update(is_active=False)

    response = english(Client()).get(
        f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(key)
    )

    assert response.status_code == 401
    assert response.json()["reason"] == "key_inactive"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ont_00000000_this-key-was-never-made-by-ontschot-000000000000",
        "Bearer something-else",
        "Bearer",
        "Bearer two words",
        "bearer " + "x" * 500,
    ],
)
def test_a_wrong_key_answers_401_never_a_500(
    header: str, social_worker: User, social_team: Organization, resident_user: User
) -> None:
    make_key(membership_of(social_worker, social_team))
    response = english(Client()).get(
        f"/api/v1/residents/{resident_user.resident.pk}", headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API key is not valid. Send the whole key, as 'Authorization: Bearer "
        "<key>'.",
        "reason": "invalid_key",
    }


def test_a_key_with_one_character_changed_answers_401(
    social_worker: User, social_team: Organization, resident_user: User, consent: Consent
) -> None:
    _token, key = make_key(membership_of(social_worker, social_team))
    altered = key[:-1] + ("A" if key[-1] != "A" else "B")
    response = Client().get(
        f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(altered)
    )
    assert response.status_code == 401


def test_a_bad_key_is_refused_on_public_endpoints_too(client: Client) -> None:
    """A misconfigured system hears about it instead of silently getting the anonymous answer."""
    assert client.get("/api/v1/directory/search?q=schulden").status_code == 200
    refused = client.get("/api/v1/directory/search?q=schulden", headers=bearer("ont_wrong"))
    assert refused.status_code == 401


def test_without_any_credentials_the_api_still_answers_403(
    client: Client, resident_user: User
) -> None:
    response = client.get(f"/api/v1/residents/{resident_user.resident.pk}")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


@pytest.mark.urls(__name__)
def test_a_key_needs_no_csrf_token(social_worker: User, social_team: Organization) -> None:
    _token, key = make_key(membership_of(social_worker, social_team))
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/test-whoami",
        {"hello": "world"},
        content_type="application/json",
        headers=bearer(key),
    )

    assert response.status_code == 200
    assert response.json() == {
        "user": "sw@example.nl",
        "organization": social_team.slug,
        "echo": {"hello": "world"},
    }


@pytest.mark.urls(__name__)
def test_a_browser_session_still_needs_its_csrf_token(social_worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(social_worker)
    response = client.post("/api/v1/test-whoami", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_authentication_costs_one_query_and_last_use_is_written_at_most_once_a_minute(
    social_worker: User, social_team: Organization
) -> None:
    token, key = make_key(membership_of(social_worker, social_team))
    authentication = ApiTokenAuthentication()

    def authenticate() -> int:
        request = Request(RequestFactory().get("/api/v1/schema", headers=bearer(key)))
        with CaptureQueriesContext(connection) as queries:
            user, used = authentication.authenticate(request)  # type: ignore[misc]
        assert (user, used) == (social_worker, token)
        assert request._request.membership == membership_of(social_worker, social_team)  # type: ignore[attr-defined]
        return len(queries)

    assert authenticate() == 2  # read the key; first use: note it
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    assert authenticate() == 1  # within the minute: read only
    token.refresh_from_db()
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert authenticate() == 2
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first_use


def test_the_key_is_stored_only_as_a_hash(social_worker: User, social_team: Organization) -> None:
    token, key = make_key(membership_of(social_worker, social_team))

    assert re.fullmatch(r"ont_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", key)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix + "_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert key not in stored
    assert key.split("_", 2)[2] not in stored  # not even the secret part


# --- The pages ---


def test_a_professional_makes_a_key_and_sees_it_exactly_once(
    client_for,
    social_worker: User,
    social_team: Organization,
    resident_user: User,
    consent: Consent,
) -> None:
    client = english(client_for(social_worker))
    form = client.get(reverse("api_token_create"))
    assert (
        "The key will act as you, as social worker for Sociaal Wijkteam West."
        in form.content.decode()
    )

    response = client.post(reverse("api_token_create"), {"name": "HIS koppeling", "expires_on": ""})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    match = re.search(r'value="(ont_[^"]+)"', body)
    assert match is not None
    key = match.group(1)
    assert "It is shown only this once" in body
    assert "Select the key and copy it" in body
    token = ApiToken.objects.get()
    assert (token.name, token.membership.organization, token.created_by) == (
        "HIS koppeling",
        social_team,
        social_worker,
    )
    assert SecurityEvent.objects.filter(kind="api_token_created", user=social_worker).exists()

    listing = client.get(reverse("api_tokens")).content.decode()
    assert "HIS koppeling" in listing
    assert token.prefix in listing
    assert key not in listing

    api = Client().get(f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(key))
    assert api.status_code == 200


def test_a_key_can_expire_on_a_chosen_day(client_for, social_worker: User) -> None:
    day = timezone.localdate() + datetime.timedelta(days=30)
    client_for(social_worker).post(
        reverse("api_token_create"), {"name": "Regiesysteem", "expires_on": day.isoformat()}
    )
    token = ApiToken.objects.get()
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).date() == day


def test_bad_input_gets_a_message_and_makes_no_key(client_for, social_worker: User) -> None:
    client = english(client_for(social_worker))
    response = client.post(
        reverse("api_token_create"),
        {"name": "", "expires_on": timezone.localdate().isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert "Choose a date after today." in body
    assert not ApiToken.objects.exists()


def test_a_professional_revokes_their_own_key(
    client_for, social_worker: User, social_team: Organization, resident_user: User
) -> None:
    token, key = make_key(membership_of(social_worker, social_team))
    client = english(client_for(social_worker))

    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)

    assert (
        "The key “HIS koppeling” has been revoked; it no longer works." in response.content.decode()
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == social_worker
    assert SecurityEvent.objects.filter(kind="api_token_revoked", user=social_worker).exists()
    api = Client().get(f"/api/v1/residents/{resident_user.resident.pk}", headers=bearer(key))
    assert api.status_code == 401


def test_revoking_needs_a_post(client_for, social_worker: User, social_team: Organization) -> None:
    token, _key = make_key(membership_of(social_worker, social_team))
    response = client_for(social_worker).get(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_users_key_cannot_be_seen_or_revoked(
    client_for, social_worker: User, social_team: Organization, two_hats: User
) -> None:
    """Two_hats works in the same team, but is no administrator."""
    token, _key = make_key(membership_of(social_worker, social_team))
    client = client_for(two_hats)

    assert token.prefix not in client.get(reverse("api_tokens")).content.decode()
    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_sees_and_revokes_the_keys_of_their_own_organisation_only(
    client_for,
    administrator: User,
    municipality_org: Organization,
    social_worker: User,
    social_team: Organization,
    geography,
) -> None:
    analyst = make_professional(
        "analist@example.nl", "Iris", [(municipality_org, Role.POLICY_ANALYST)]
    )
    colleague_token, _key = make_key(membership_of(analyst, municipality_org))
    outsider_token, _key = make_key(membership_of(social_worker, social_team))
    client = english(client_for(administrator))

    listing = client.get(reverse("api_tokens")).content.decode()
    assert "Keys of colleagues at Gemeente Maastricht" in listing
    assert colleague_token.prefix in listing
    assert outsider_token.prefix not in listing
    assert reverse("api_tokens") in client.get(reverse("organization")).content.decode()

    assert client.post(reverse("api_token_revoke", args=[outsider_token.pk])).status_code == 404
    client.post(reverse("api_token_revoke", args=[colleague_token.pk]))

    colleague_token.refresh_from_db()
    outsider_token.refresh_from_db()
    assert colleague_token.revoked_by == administrator
    assert outsider_token.revoked_at is None


def test_the_workspace_links_to_the_keys(client_for, social_worker: User) -> None:
    body = client_for(social_worker).get(reverse("workspace")).content.decode()
    assert reverse("api_tokens") in body


def test_residents_and_visitors_have_no_key_pages(
    client: Client, client_for, resident_user: User
) -> None:
    assert client.get(reverse("api_tokens"))["Location"].startswith(reverse("account_login"))
    assert client_for(resident_user).get(reverse("api_tokens")).status_code == 403
    assert (
        client_for(resident_user).post(reverse("api_token_create"), {"name": "x"}).status_code
        == 403
    )


def test_a_key_is_made_for_the_membership_one_acts_for_now(
    client_for, two_teams: User, welfare: Organization
) -> None:
    client = client_for(two_teams)
    welfare_membership = membership_of(two_teams, welfare)
    client.post(reverse("switch_membership"), {"membership": welfare_membership.pk})

    client.post(reverse("api_token_create"), {"name": "Regiesysteem"})

    assert ApiToken.objects.get().membership == welfare_membership


def test_the_openapi_document_declares_the_bearer_scheme() -> None:
    document = yaml.safe_load((settings.BASE_DIR / "openapi.yaml").read_text(encoding="utf-8"))
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    resident = document["paths"]["/api/v1/residents/{resident_id}"]["get"]
    assert {"bearerAuth": []} in resident["security"]


def test_the_admin_can_revoke_but_not_make_keys(
    client_for, administrator: User, social_worker: User, social_team: Organization
) -> None:
    token, _key = make_key(membership_of(social_worker, social_team))
    client = client_for(administrator)
    assert client.get("/beheer/accounts/apitoken/").status_code == 200
    assert client.get("/beheer/accounts/apitoken/add/").status_code == 403
    client.post(
        "/beheer/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_by == administrator
