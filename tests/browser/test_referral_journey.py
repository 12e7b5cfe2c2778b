"""Welzijn op recept in a real browser: the GP finds the wellbeing coach in the directory and
prescribes welzijn for Maria (asked for consent in the flow); the coach accepts, registers the
first contact, a conversation and an activity, and closes with an outcome; the GP sees it in the
timeline. Then an unanswered referral is chased: a reminder and an escalation, shown by moving
the application's clock. Every page is scanned by axe."""

import datetime

import pytest

from accounts.models import Organization, User
from core import clock
from directory.tests import factories
from referrals import services
from referrals.models import Referral
from referrals.services import ReferralDraft
from referrals.tasks import chase
from referrals.tests.conftest import actor_for, give_consent
from residents.models import Resident
from tests.browser.test_journeys import _login_with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coach(welfare: Organization) -> User:
    from conftest import make_professional

    return make_professional("coach@example.nl", "Fenna", [(welfare, "wellbeing_coach")])


@pytest.fixture
def directory(welfare: Organization):
    own = factories.provider("Welzijn Maastricht", platform_organization=welfare)
    prescription = factories.service(
        own,
        "Welzijn op Recept",
        "Een welzijnscoach helpt bij somberheid, eenzaamheid en stress.",
        pc4="6211",
        liaison="Ilse Coenen",
    )
    choir = factories.service(
        factories.provider("Buurtkoor Mariaberg", is_informal=True),
        "Buurtkoor Mariaberg",
        "Zingen met buren, elke dinsdagavond.",
        pc4="6217",
    )
    return {"prescription": prescription, "choir": choir}


@pytest.fixture
def maria(resident_user: User, gp_practice: Organization) -> Resident:
    resident = resident_user.resident
    resident.set_bsn("111222333")
    resident.save()
    give_consent(resident, gp_practice)
    return resident


@pytest.fixture
def frozen_clock():
    clock.freeze(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC))
    yield clock
    clock.reset()


def test_welzijn_op_recept_from_directory_to_outcome(
    live_server,
    new_page,
    frozen_clock,
    gp: User,
    coach: User,
    maria: Resident,
    directory,
) -> None:
    base = live_server.url
    doctor = new_page()
    page = doctor.page
    _login_with_totp(page, base, gp)
    page.get_by_role("link", name="Sociale kaart").click()
    page.get_by_label("Waar zoekt u hulp bij?").fill("welzijn op recept")
    page.get_by_role("button", name="Zoeken").click()
    page.locator(".ontschot-hit").first.get_by_role("link", name="Welzijn op Recept").click()
    page.get_by_role("heading", name="Vaste contactpersoon").wait_for()
    doctor.assert_accessible()

    page.get_by_role("link", name="Schrijf welzijn voor").click()
    page.get_by_role("heading", name="Welke inwoner?").wait_for()
    doctor.assert_accessible()
    page.get_by_label("BSN").fill("111 222 333")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Maria Smeets verwijzen").click()
    page.get_by_role("heading", name="Maria Smeets verwijzen").wait_for()
    assert page.get_by_label("Soort").input_value() == "social_prescription"
    doctor.assert_accessible()
    page.get_by_label("Vraag of reden").fill("Somber en eenzaam sinds haar man overleed.")
    page.get_by_label("Wat de inwoner wil, in eigen woorden").fill("Weer onder de mensen komen.")
    page.get_by_role("button", name="Verwijzing versturen").click()
    page.get_by_role("heading", name="Eerst is toestemming nodig").wait_for()
    assert "Welzijn Maastricht" in page.inner_text("main")
    doctor.assert_accessible()
    page.get_by_label("De inwoner heeft hier zojuist mee ingestemd", exact=False).check()
    page.get_by_role("button", name="Verwijzing versturen").click()
    page.get_by_text("is verstuurd naar Welzijn Maastricht").wait_for()
    doctor.assert_accessible()
    referral = Referral.objects.get()

    helper = new_page()
    page = helper.page
    _login_with_totp(page, base, coach)
    page.get_by_role("link", name="Verwijzingen").click()
    page.get_by_role("heading", name="Ontvangen verwijzingen").wait_for()
    assert "Maria Smeets" in page.inner_text("main")
    helper.assert_accessible()
    page.get_by_role("link", name=referral.reference).click()
    page.get_by_role("heading", name="Wat u kunt doen").wait_for()
    helper.assert_accessible()
    page.get_by_label("Nieuwe status").select_option(value="accepted")
    page.get_by_role("button", name="Status opslaan").click()
    page.get_by_text("Opgeslagen.").wait_for()
    page.get_by_role("button", name="Eerste contact vastleggen").click()
    page.get_by_text("Opgeslagen.").wait_for()
    page.get_by_label("Wat is besproken").fill("Kennismaking. Zingt graag, vroeger in een koor.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.get_by_text("Opgeslagen.").wait_for()
    page.get_by_label("Zoek op de sociale kaart", exact=False).fill("zingen")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name="Buurtkoor Mariaberg afspreken").click()
    page.get_by_text("Opgeslagen.").wait_for()
    helper.assert_accessible()
    page.get_by_label("Nieuwe status").select_option(value="completed")
    page.get_by_label("Uitkomst").select_option(value="goal_reached")
    page.get_by_label("Toelichting voor de verwijzer").fill("Zingt elke week mee.")
    page.get_by_role("button", name="Status opslaan").click()
    page.get_by_text("Opgeslagen.").wait_for()
    assert "afgerond" in page.inner_text("main")
    helper.assert_accessible()

    page = doctor.page
    page.goto(f"{base}/inwoners/{maria.pk}/tijdlijn/")
    page.get_by_role("heading", name="Wat er gebeurde").wait_for()
    timeline = page.inner_text("main")
    assert "Zingt elke week mee." in timeline and "Buurtkoor Mariaberg" in timeline
    assert "doel bereikt" in timeline
    doctor.assert_accessible()
    page.goto(f"{base}/meldingen/")
    assert referral.reference in page.inner_text("main")
    doctor.assert_accessible()
    page.goto(f"{base}/verwijzingen/cijfers/")
    page.get_by_role(
        "heading", name="Verwijzingen van Huisartsenpraktijk De Linde in cijfers"
    ).wait_for()
    doctor.assert_accessible()


def test_an_unanswered_referral_is_reminded_then_escalated(
    live_server,
    new_page,
    frozen_clock,
    gp: User,
    coach: User,
    maria: Resident,
    welfare,
    directory,
) -> None:
    give_consent(maria, welfare)
    referral = services.do_create_referral(
        ReferralDraft(resident=maria, service=directory["prescription"], reason="Eenzaam."),
        actor=actor_for(gp),
    )
    frozen_clock.advance(datetime.timedelta(days=3))  # Saturday: receipt was due on Friday
    assert chase(frozen_clock.today()).reminded == 1

    helper = new_page()
    page = helper.page
    _login_with_totp(page, live_server.url, coach)
    page.goto(live_server.url + "/meldingen/")
    page.get_by_text("Herinnering: verwijzingen wachten langer dan afgesproken").wait_for()
    helper.assert_accessible()
    page.goto(live_server.url + "/verwijzingen/?te_laat=1")
    assert referral.reference in page.inner_text("main")
    assert "te laat" in page.inner_text("main")
    helper.assert_accessible()

    frozen_clock.advance(datetime.timedelta(days=2))  # Monday: still no answer
    assert chase(frozen_clock.today()).escalated == 1
    doctor = new_page()
    page = doctor.page
    _login_with_totp(page, live_server.url, gp)
    page.goto(live_server.url + "/verwijzingen/?bak=uit&te_laat=1")
    page.get_by_role("link", name=referral.reference).click()
    page.get_by_text("Opgeschaald op").wait_for()
    assert "herinnering verstuurd" in page.inner_text("main")
    doctor.assert_accessible()
