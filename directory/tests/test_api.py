"""The project's JSON API for the directory, /api/v1/, and its committed OpenAPI document."""

import uuid
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory

from directory.api.serializers import SearchResultSerializer, search_result_data
from directory.search import SearchParams, resolve_place, search
from directory.tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def debt_help(geography):
    return factories.service(
        factories.provider("Schuldhulp Maastricht"),
        "Schuldhulpverlening Centrum",
        "Hulp bij schulden.",
        terms=[("life_domain", "money_debts")],
        pc4="6211",
    )


def test_it_searches_in_everyday_dutch_with_a_place(client: Client, debt_help) -> None:
    response = client.get("/api/v1/directory/search", {"q": "geldzorgen", "waar": "6211 AB"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    hit = body["hits"][0]
    assert hit["service"]["name"] == "Schuldhulpverlening Centrum"
    assert hit["service"]["liaison"]["name"] == "Sanne Jacobs"
    assert hit["service"]["liaison"]["phones"] == ["043 350 12 34"]
    assert hit["reasons"][0] == "past bij “geldzorgen”: Geld en schulden"
    assert hit["distance_km"] == pytest.approx(0, abs=0.01)
    assert {
        "value": "money_debts",
        "label": "Geld en schulden",
        "count": 1,
        "selected": False,
    } in body["facets"]["life_domain"]


def test_a_remembered_answer_follows_changes_and_the_language(client: Client, debt_help) -> None:
    question = {"q": "geldzorgen", "waar": "6211 AB"}
    first = client.get("/api/v1/directory/search", question).json()
    assert client.get("/api/v1/directory/search", question).json() == first

    liaison = debt_help.liaison
    liaison.name = "Fatima Yilmaz"
    liaison.save()
    again = client.get("/api/v1/directory/search", question).json()
    assert again["hits"][0]["service"]["liaison"]["name"] == "Fatima Yilmaz"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/api/v1/directory/search", question).json()
    # Term names are Dutch data (directory/vocabulary.py); the sentence around them is translated.
    assert english["hits"][0]["reasons"][0] == "matches “geldzorgen”: Geld en schulden"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get("/api/v1/directory/search", question).json()
    assert dutch["hits"][0]["reasons"][0] == "past bij “geldzorgen”: Geld en schulden"


def test_bad_parameters_get_a_400_with_the_field(client: Client, debt_help) -> None:
    response = client.get("/api/v1/directory/search", {"leeftijd": "old", "pagina": "0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"leeftijd", "pagina"}
    unknown = client.get("/api/v1/directory/search", {"waar": "Atlantis"})
    assert unknown.status_code == 400
    assert "Atlantis" in unknown.json()["detail"]


def test_one_service_by_id(client: Client, debt_help) -> None:
    assert (
        client.get(f"/api/v1/directory/services/{debt_help.pk}").json()["organization"]
        == "Schuldhulp Maastricht"
    )
    assert client.get(f"/api/v1/directory/services/{uuid.uuid4()}").status_code == 404


def test_the_answer_has_exactly_the_documented_shape(debt_help) -> None:
    """The search answer is built without DRF's fields (for speed); the serializer documents it."""
    factories.service(
        factories.provider("Buurtkamer De Kommel"),
        "Schuldenmaatjes",
        "Vrijwilligers helpen met geldzorgen en administratie.",
        terms=[("life_domain", "money_debts")],
        pc4="6211",
        liaison=None,
        is_informal=True,
        capacity_status="waiting_list",
        waiting_weeks=3,
    )
    request = RequestFactory().get("/api/v1/directory/search")
    for params in (
        SearchParams(text="geldzorgen schuldn", place=resolve_place("6211 AB")),
        SearchParams(text="schulden", referral="none", kind="informal"),
        SearchParams(text=""),
    ):
        results = search(params)
        payload = {
            "total": results.total,
            "page": results.page,
            "pages": results.pages,
            "corrections": results.query.corrections,
            "hits": results.hits,
            "facets": results.facets,
        }
        documented = SearchResultSerializer(payload, context={"request": request}).data
        assert search_result_data(results, request) == documented
    assert results.total == 2
    assert {hit["service"]["liaison"] is None for hit in documented["hits"]} == {True, False}


def test_the_committed_openapi_document_is_current(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate")
    committed = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(generated.read_text(encoding="utf-8")) == committed, "run: make openapi"
