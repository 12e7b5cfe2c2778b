"""The directory pages through HTTP: search, detail, district overview."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from directory.tests import factories

pytestmark = pytest.mark.django_db
SEARCH = "/sociale-kaart/"


@pytest.fixture
def debt_help(geography):
    return factories.service(
        factories.provider("Schuldhulp Maastricht"),
        "Schuldhulpverlening Centrum",
        "Hulp bij schulden.\n<script>alert('x')</script><b>vet</b>",
        terms=[("life_domain", "money_debts")],
        pc4="6211",
    )


@pytest.fixture
def shelter(geography):
    return factories.service(
        factories.provider("Vrouwenopvang Zuid"),
        "Opvang bij huiselijk geweld",
        "Veilige opvang.",
        terms=[("life_domain", "safety")],
        pc4="6212",
        confidential=True,
        area="GM0935",
    )


def test_a_gp_finds_debt_help_with_the_contact_person_and_the_reason(
    client_for, gp, debt_help
) -> None:
    body = client_for(gp).get(SEARCH, {"q": "geldzorgen", "waar": "6211 AB"}).content.decode()
    assert "Schuldhulpverlening Centrum" in body
    assert "Sanne Jacobs" in body
    assert 'href="tel:0433501234"' in body
    assert "past bij “geldzorgen”: Geld en schulden" in body
    assert "km van 6211 AB" in body


def test_the_search_page_is_public_and_answers_htmx_with_a_fragment(
    client: Client, debt_help
) -> None:
    response = client.get(SEARCH, {"q": "schulden"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "1 aanbod gevonden" in body


def test_an_unknown_place_gets_a_clear_message(client: Client, debt_help) -> None:
    body = client.get(SEARCH, {"q": "schulden", "waar": "Atlantis"}).content.decode()
    assert "We kennen “Atlantis” niet." in body


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "<img src=x onerror=alert(1)>", "' OR 1=1 --", "\u202e\u0000∑"]
)
def test_odd_search_input_never_breaks_the_page(client: Client, debt_help, text: str) -> None:
    response = client.get(
        SEARCH, {"q": text, "leeftijd": "abc", "pagina": "-3", "domein": "nonsense"}
    )
    assert response.status_code == 200
    assert "<img src=x" not in response.content.decode()


def test_a_long_search_is_cut_with_a_notice(client: Client, debt_help) -> None:
    body = client.get(SEARCH, {"q": "schulden " + "x" * 400}).content.decode()
    assert "de eerste 200 tekens" in body


def test_provider_text_is_escaped_on_the_detail_page(client: Client, debt_help) -> None:
    body = client.get(reverse("directory:service", args=[debt_help.pk])).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body
    assert "<b>vet</b>" not in body


def test_the_detail_page_shows_the_liaison_hours_and_is_printable(
    client: Client, debt_help
) -> None:
    factories.weekly(debt_help, "MO,TU,WE,TH,FR", "09:00", "12:00")
    body = client.get(reverse("directory:service", args=[debt_help.pk])).content.decode()
    assert "Vaste contactpersoon" in body
    assert "09.00–12.00" in body
    assert "Markt 1" in body


def test_a_confidential_address_is_shown_only_to_care_professionals(
    client: Client, client_for, gp, shelter
) -> None:
    url = reverse("directory:service", args=[shelter.pk])
    public = client.get(url).content.decode()
    assert "Geheimstraat" not in public
    assert "Vertrouwelijk adres" in public
    assert "Geheimstraat 1" in client_for(gp).get(url).content.decode()


def test_a_confidential_address_never_appears_in_search_results(client: Client, shelter) -> None:
    body = client.get(SEARCH, {"q": "huiselijk geweld", "waar": "6212"}).content.decode()
    assert "Opvang bij huiselijk geweld" in body
    assert "Geheimstraat" not in body
    assert "km van" not in body


def test_unknown_services_are_404(client: Client, geography) -> None:
    assert client.get(reverse("directory:service", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/sociale-kaart/aanbod/not-a-uuid/").status_code == 404


def test_the_district_overview_counts_per_life_domain(client: Client, debt_help) -> None:
    body = client.get(reverse("directory:district", args=["WK093500"])).content.decode()
    assert "Hulp in Centrum, Maastricht" in body
    assert "Geld en schulden" in body
    assert "Schuldhulpverlening Centrum" in body
    assert client.get(reverse("directory:district", args=["WK999999"])).status_code == 404
    assert "Centrum" in client.get(reverse("directory:districts")).content.decode()
