"""A social worker makes an API key for their case-management system in the browser, the system
uses it over real HTTP, and the social worker revokes it (with an accessibility scan per page)."""

import datetime
import json
import urllib.error
import urllib.request

import pyotp
import pytest
from django.utils import timezone

from accounts.models import ApiToken, Organization, User
from audit.models import AuditEntry, DataCategory, Purpose
from conftest import PASSWORD, TOTP_SECRET
from privacy import services as privacy_services
from privacy.models import Consent
from privacy.policy import Actor
from tests.browser.fixtures import CheckedPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_social_worker_makes_uses_and_revokes_an_api_key(
    live_server,
    checked_page: CheckedPage,
    social_worker: User,
    social_team: Organization,
    resident_user: User,
) -> None:
    privacy_services.do_record_consent(
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
    page = checked_page.page
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mailadres").fill(social_worker.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/2fa/authenticate/")
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkplek/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="API keys for systems").click()
    page.wait_for_url("**/werkplek/api-sleutels/")
    assert page.get_by_text("No keys yet.").is_visible()
    checked_page.assert_accessible()

    page.get_by_role("link", name="Make a new key").click()
    page.wait_for_url("**/werkplek/api-sleutels/nieuw/")
    checked_page.assert_accessible()
    page.get_by_label("Name").fill("Regiesysteem wijkteam")
    page.get_by_role("button", name="Make the key").click()
    page.wait_for_load_state()
    key = page.get_by_label("The key “Regiesysteem wijkteam”").input_value()
    assert key.startswith("ont_")
    checked_page.assert_accessible()

    # The system calls the API over HTTP with the key, and without the browser's session.
    url = f"{live_server.url}/api/v1/residents/{resident_user.resident.pk}"
    status, answer = _call(url, key)
    assert status == 200
    assert answer["family_name"] == "Smeets"
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None and entry.organization_name == "Sociaal Wijkteam West"

    page.get_by_role("link", name="Back to API keys").click()
    page.wait_for_url("**/werkplek/api-sleutels/")
    assert page.get_by_role("rowheader", name="Regiesysteem wijkteam").is_visible()
    assert key not in page.content()
    page.get_by_role("button", name="Revoke Regiesysteem wijkteam").click()
    page.wait_for_load_state()
    assert page.get_by_text("has been revoked; it no longer works").is_visible()
    checked_page.assert_accessible()
    assert ApiToken.objects.get().revoked_at is not None

    status, answer = _call(url, key)
    assert status == 401
    assert answer["reason"] == "key_revoked"


def _call(url: str, key: str) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (the live server)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refusal:
        return refusal.code, json.loads(refusal.read())
