import pytest
from django.urls import reverse

from geo.services import InvalidPostcode, district_for_postcode, normalise_postcode

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["6211", "6211AB", "6211 ab", " 6211  AB "])
def test_it_accepts_the_ways_people_write_a_postcode(text: str) -> None:
    assert normalise_postcode(text) == "6211"


@pytest.mark.parametrize("text", ["", "621", "0211 AB", "62111", "6211 A", "abcd", "6211 ABC"])
def test_it_refuses_what_is_not_a_postcode(text: str) -> None:
    with pytest.raises(InvalidPostcode):
        normalise_postcode(text)


def test_a_postcode_in_the_centre_of_maastricht_lies_in_centrum() -> None:
    district = district_for_postcode("6211 AB")
    assert district is not None
    assert district.code == "WK093500"
    assert district.municipality.code == "GM0935"


def test_postcodes_map_to_the_nearest_district_of_their_own_municipality() -> None:
    assert district_for_postcode("6225").code == "WK093504"  # type: ignore[union-attr]
    assert district_for_postcode("1011").municipality.name == "Amsterdam"  # type: ignore[union-attr]


def test_an_unknown_postcode_area_gives_none() -> None:
    assert district_for_postcode("5028") is None  # dropped by CBS: no geometry


def test_the_lookup_page_answers_an_htmx_request_with_a_fragment(client_for, gp) -> None:
    client = client_for(gp)
    response = client.get(
        reverse("geo:postcode"), {"postcode": "6211 AB"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Centrum (WK093500)" in body


def test_the_lookup_page_works_without_javascript(client_for, gp) -> None:
    response = client_for(gp).get(reverse("geo:postcode"), {"postcode": "6225"})
    assert "<html" in response.content.decode()
    assert "WK093504" in response.content.decode()


def test_bad_input_gets_a_translated_message(client_for, gp) -> None:
    response = client_for(gp).get(reverse("geo:postcode"), {"postcode": "62"})
    body = response.content.decode()
    assert "is geen Nederlandse postcode" in body
    response = client_for(gp).get(reverse("geo:postcode"), {"postcode": "5028"})
    assert "Postcodegebied 5028 staat niet in onze gegevens." in response.content.decode()
