"""In the browser: a resident sees the count in the header, reads a notification, chooses the
daily e-mail; every page passes the axe scan."""

import pytest

from accounts.models import User
from conftest import PASSWORD
from notifications.services import notify
from tests.browser.fixtures import CheckedPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_reads_a_notification_and_chooses_the_daily_email(
    live_server, checked_page: CheckedPage, resident_user: User
) -> None:
    notify([resident_user], kind="test", title="Uw verzoek is beantwoord", url="/mijn/verzoeken/")
    notify([resident_user], kind="test", title="Nieuwe afspraak", body="Dinsdag om 10 uur.")
    page = checked_page.page
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mailadres").fill(resident_user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/mijn/")

    header_link = page.locator(".ontschot-header a[href='/meldingen/']")
    assert header_link.locator(".ontschot-badge").inner_text().startswith("2")
    header_link.click()
    page.wait_for_url("**/meldingen/")
    checked_page.assert_accessible()

    page.get_by_role("link", name="Uw verzoek is beantwoord").click()
    page.wait_for_url("**/mijn/verzoeken/")
    assert (
        page.locator(".ontschot-header a[href='/meldingen/'] .ontschot-badge")
        .inner_text()
        .startswith("1")
    )

    page.goto(live_server.url + "/meldingen/instellingen/")
    checked_page.assert_accessible()
    page.locator("input[value='daily']").check()
    page.locator("form.ontschot-form button[type='submit']").click()
    page.wait_for_url("**/meldingen/instellingen/")
    assert page.locator("input[value='daily']").is_checked()
