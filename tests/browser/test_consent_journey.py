"""Consent in a real browser: the resident gives it, the social team sees what it allows, the
welfare organisation without consent sees nothing, the resident withdraws it and access stops,
and the resident reads who looked. Every page is scanned by axe."""

import pytest

from accounts.models import Organization, Role, User
from conftest import PASSWORD, make_professional
from residents.models import Resident
from tests.browser.fixtures import CheckedPage
from tests.browser.test_journeys import _login_with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BSN = "111222333"


@pytest.fixture
def maria(resident_user: User) -> Resident:
    resident = resident_user.resident
    resident.set_bsn(BSN)
    resident.save()
    return resident


@pytest.fixture
def coach(welfare: Organization) -> User:
    return make_professional("coach@example.nl", "Lotte", [(welfare, Role.WELLBEING_COACH)])


def _login_resident(checked: CheckedPage, base_url: str, user: User) -> None:
    page = checked.page
    page.goto(base_url + "/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/mijn/")


def _open_file_by_bsn(checked: CheckedPage, base_url: str) -> None:
    page = checked.page
    page.get_by_role("link", name="Inwoners").click()
    page.wait_for_url("**/inwoners/")
    checked.assert_accessible()
    page.get_by_label("BSN").fill("111 222 333")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("Maria Smeets").wait_for()
    checked.assert_accessible()
    page.get_by_role("link", name="Dossier openen").click()


def expect_refusal(checked: CheckedPage) -> None:
    """The refusal page is served with 403, which chromium reports on the console; that one
    message is expected, anything else still fails the scan."""
    expected = "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    assert expected in checked.console_errors
    checked.console_errors.remove(expected)


def test_consent_decides_what_each_organisation_sees(
    live_server,
    new_page,
    maria: Resident,
    resident_user: User,
    social_worker: User,
    coach: User,
    social_team: Organization,
) -> None:
    base = live_server.url
    resident = new_page()
    _login_resident(resident, base, resident_user)
    resident.assert_accessible()
    resident.page.get_by_role("link", name="Toestemming geven of intrekken").click()
    resident.page.wait_for_url("**/mijn/toestemmingen/")
    resident.assert_accessible()
    resident.page.get_by_label("Aan welke organisatie").select_option(label=social_team.name)
    resident.page.get_by_label("Waarvoor").select_option(value="care_coordination")
    resident.page.get_by_label("contactgegevens").check()
    resident.page.get_by_role("button", name="Toestemming geven").click()
    resident.page.get_by_text("Uw toestemming is opgeslagen").wait_for()
    resident.assert_accessible()

    worker = new_page()
    _login_with_totp(worker.page, base, social_worker)
    _open_file_by_bsn(worker, base)
    worker.page.get_by_role("heading", name="Contactgegevens").wait_for()
    assert "Boschstraat 12" in worker.page.inner_text("main")
    worker.assert_accessible()
    file_url = worker.page.url

    welfare = new_page()
    _login_with_totp(welfare.page, base, coach)
    _open_file_by_bsn(welfare, base)
    welfare.page.get_by_role("heading", name="Geen toegang tot deze gegevens").wait_for()
    assert "Boschstraat" not in welfare.page.inner_text("main")
    assert welfare.page.get_by_role("link", name="Toestemming vastleggen").is_visible()
    expect_refusal(welfare)
    welfare.assert_accessible()

    resident.page.get_by_role("button", name="Deze toestemming intrekken").click()
    resident.page.get_by_text("Uw toestemming is ingetrokken").wait_for()
    resident.assert_accessible()

    worker.page.goto(file_url)
    worker.page.get_by_role("heading", name="Geen toegang tot deze gegevens").wait_for()
    assert "ingetrokken" in worker.page.inner_text("main")
    expect_refusal(worker)
    worker.assert_accessible()

    resident.page.goto(base + "/mijn/inzage/")
    resident.page.get_by_role("heading", name="Wie bekeek mijn gegevens").wait_for()
    sentences = resident.page.inner_text("main")
    assert f"{social_team.name} bekeek op" in sentences
    assert "uw contactgegevens" in sentences
    resident.assert_accessible()
