"""Journeys as a person makes them, in a real browser, with an accessibility scan on every page."""

import pyotp
import pytest

from accounts.models import User
from conftest import PASSWORD, TOTP_SECRET
from tests.browser.fixtures import CheckedPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_professional_logs_in_with_totp_and_switches_to_english(
    live_server, checked_page: CheckedPage, gp: User
) -> None:
    page = checked_page.page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    checked_page.assert_accessible()

    page.get_by_role("link", name="Inloggen").first.click()
    page.wait_for_url("**/account/login/")
    checked_page.assert_accessible()
    page.get_by_label("E-mailadres").fill(gp.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/account/2fa/authenticate/")
    checked_page.assert_accessible()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/werkplek/")
    assert page.get_by_role("heading", level=1).inner_text() == "Goed u te zien, Anouk"
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    checked_page.assert_accessible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Good to see you, Anouk"
    assert page.get_by_role("link", name="Postcode lookup").is_visible()
    checked_page.assert_accessible()
    gp.refresh_from_db()
    assert gp.preferred_language == "en"


def test_a_professional_looks_up_a_postcode_without_leaving_the_page(
    live_server, checked_page: CheckedPage, gp: User
) -> None:
    page = checked_page.page
    _login_with_totp(page, live_server.url, gp)

    page.get_by_role("link", name="Postcode opzoeken").click()
    page.wait_for_url("**/geo/postcode/")
    checked_page.assert_accessible()
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("textbox", name="Postcode").fill("6211 AB")
    page.get_by_role("button", name="Opzoeken").click()

    page.get_by_text("Centrum (WK093500)").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped a fragment in
    assert "postcode=6211" in page.url
    checked_page.assert_accessible()

    page.get_by_role("textbox", name="Postcode").fill("12")
    page.get_by_role("button", name="Opzoeken").click()
    page.get_by_text("is geen Nederlandse postcode").wait_for()
    checked_page.assert_accessible()


def test_a_resident_logs_in_and_sees_their_household(
    live_server, checked_page: CheckedPage, resident_user: User
) -> None:
    page = checked_page.page
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mailadres").fill(resident_user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/mijn/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn pagina"
    assert page.get_by_text("Jan Smeets").is_visible()
    checked_page.assert_accessible()


def _login_with_totp(page, base_url: str, user: User) -> None:
    page.goto(base_url + "/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/2fa/authenticate/")
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkplek/")
