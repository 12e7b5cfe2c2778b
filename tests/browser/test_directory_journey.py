"""The directory as a GP and a provider editor use it, in a real browser, scanned by axe."""

import pytest

from accounts.models import Organization as PlatformOrganization
from accounts.models import User
from directory.tests import factories
from tests.browser.fixtures import CheckedPage
from tests.browser.test_journeys import _login_with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(welfare: PlatformOrganization):
    debt = factories.provider("Schuldhulp Maastricht")
    near = factories.service(
        debt,
        "Schuldhulpverlening Oost",
        "Hulp bij schulden, aanmaningen en de deurwaarder.",
        terms=[("life_domain", "money_debts")],
        pc4="6225",
    )
    factories.weekly(near, "MO,TU,WE,TH,FR", "09:00", "12:00")
    factories.service(
        debt,
        "Budgetcursus Centrum",
        "Leer rondkomen met een vast weekbudget.",
        terms=[("life_domain", "money_debts")],
        pc4="6211",
        liaison="Tom Hermans",
    )
    own = factories.provider("Welzijn Maastricht", platform_organization=welfare)
    coach = factories.service(own, "Welzijn op Recept", "Een welzijnscoach helpt.", pc4="6211")
    return {"near": near, "coach": coach}


def test_a_gp_finds_debt_help_near_a_resident_and_opens_the_detail_page(
    live_server, checked_page: CheckedPage, gp: User, directory
) -> None:
    page = checked_page.page
    _login_with_totp(page, live_server.url, gp)
    page.get_by_role("link", name="Sociale kaart").click()
    page.wait_for_url("**/sociale-kaart/")
    checked_page.assert_accessible()

    page.get_by_label("Waar zoekt u hulp bij?").fill("geldzorgen")
    page.get_by_label("In de buurt van").fill("6225 AB")
    page.get_by_role("button", name="Zoeken").click()
    first = page.locator(".ontschot-hit").first
    first.get_by_text("Schuldhulpverlening Oost").wait_for()
    assert "Sanne Jacobs" in first.inner_text()
    assert "past bij “geldzorgen”: Geld en schulden" in first.inner_text()
    assert "km van 6225 AB" in first.inner_text()
    checked_page.assert_accessible()

    first.get_by_role("link", name="Schuldhulpverlening Oost").click()
    page.wait_for_url(f"**/sociale-kaart/aanbod/{directory['near'].pk}/")
    assert page.get_by_role("heading", name="Vaste contactpersoon").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()  # printable
    page.emulate_media(media="screen")
    checked_page.assert_accessible()


def test_a_provider_editor_updates_a_service_and_sees_the_history(
    live_server, checked_page: CheckedPage, editor: User, directory
) -> None:
    page = checked_page.page
    _login_with_totp(page, live_server.url, editor)
    page.get_by_role("link", name="Ons aanbod").click()
    page.wait_for_url("**/sociale-kaart/beheer/")
    checked_page.assert_accessible()

    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Wachtlijst").click()
    page.locator(".ontschot-badge--waiting").wait_for()  # the row was swapped in place by htmx
    assert page.evaluate("window.__sameDocument") is True
    assert page.get_by_role("button", name="Wachtlijst").get_attribute("aria-pressed") == "true"
    checked_page.assert_accessible()

    page.get_by_role("link", name="Wijzigen").first.click()
    page.wait_for_url("**/bewerken/")
    checked_page.assert_accessible()
    page.get_by_label("Naam").fill("Welzijn op Recept Maastricht")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/sociale-kaart/aanbod/{directory['coach'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welzijn op Recept Maastricht"

    page.get_by_role("link", name="Geschiedenis van wijzigingen").click()
    page.wait_for_url("**/geschiedenis/")
    assert page.get_by_role("cell", name="Welzijn op Recept Maastricht").is_visible()
    assert page.get_by_role("cell", name="Koen Test").first.is_visible()
    checked_page.assert_accessible()

    page.goto(f"{live_server.url}/sociale-kaart/beheer/{directory['coach'].pk}/openingstijden/")
    page.get_by_role("group", name="Periode 1").get_by_label("maandag").check()
    page.get_by_label("Open vanaf").fill("09:00")
    page.get_by_label("Dicht om").fill("12:00")
    checked_page.assert_accessible()
    page.get_by_role("button", name="Openingstijden opslaan").click()
    page.get_by_text("De openingstijden zijn opgeslagen.").wait_for()

    page.goto(f"{live_server.url}/sociale-kaart/beheer/{directory['coach'].pk}/kenmerken/")
    page.get_by_label("Eenzaamheid en sociaal contact").check()
    checked_page.assert_accessible()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Opgeslagen. Zoekers vinden het aanbod nu onder deze onderwerpen.").wait_for()
