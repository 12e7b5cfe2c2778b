from io import StringIO

import pytest
from django.core.management import call_command

from geo.models import District, Municipality, Neighbourhood, PostcodeArea

pytestmark = pytest.mark.django_db


def test_it_loads_all_cbs_areas_and_says_so() -> None:
    out = StringIO()
    call_command("load_geo", stdout=out)
    assert (
        "345 gemeenten, 3340 wijken, 4067 postcodegebieden" in out.getvalue()
        or "345 municipalities" in out.getvalue()
    )
    assert Municipality.objects.count() == 345
    assert District.objects.count() == 3340
    assert PostcodeArea.objects.count() == 4067
    assert Neighbourhood.objects.count() == 0  # no buurt table ships yet


def test_a_second_run_updates_in_place() -> None:
    before = list(District.objects.order_by("code").values_list("id", "code", "population"))
    call_command("load_geo", stdout=StringIO())
    after = list(District.objects.order_by("code").values_list("id", "code", "population"))
    assert after == before


def test_maastricht_has_its_real_districts_with_2024_population() -> None:
    maastricht = Municipality.objects.get(code="GM0935")
    assert maastricht.name == "Maastricht"
    assert maastricht.population == 125285
    assert maastricht.population_year == 2024
    centrum = District.objects.get(code="WK093500")
    assert centrum.name == "Wijk 00 Centrum"
    assert centrum.short_name == "Centrum"
    assert centrum.population == 21450
    assert round(centrum.latitude, 3) == 50.850
    assert maastricht.districts.count() == 7


def test_every_postcode_area_lies_in_its_own_municipality() -> None:
    mismatched = PostcodeArea.objects.exclude(district__isnull=True).exclude(
        district__municipality=models_F("municipality")
    )
    assert mismatched.count() == 0
    assert PostcodeArea.objects.filter(district__isnull=True).count() < 40


def models_F(name: str):
    from django.db.models import F

    return F(name)


def test_names_keep_their_diacritics() -> None:
    assert Municipality.objects.get(code="GM1900").name == "Súdwest-Fryslân"
