"""The public /hsds/ API: every answer valid HSDS 3.0, filters, pages, clear errors, and no
confidential address anywhere."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.hsds.validation import index_problems, page_problems, record_problems
from directory.models import Service, ServiceAtLocation, TaxonomyTerm
from directory.tests.test_hsds_export import SHELTER_SECRETS, SmallDirectory, build_directory
from directory.vocabulary import LIFE_DOMAIN, taxonomy_id, term_id
from geo.models import Municipality

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = {
    "/hsds/services": "service",
    "/hsds/organizations": "organization",
    "/hsds/service_at_locations": "service_at_location",
    "/hsds/taxonomies": "taxonomy",
    "/hsds/taxonomy_terms": "taxonomy_term",
}
DETAIL_ENDPOINTS = (
    "/hsds/services/{}",
    "/hsds/organizations/{}",
    "/hsds/service_at_locations/{}",
    "/hsds/taxonomies/{}",
    "/hsds/taxonomy_terms/{}",
)


@pytest.fixture
def small_directory(geography: Municipality) -> SmallDirectory:
    return build_directory(geography)


def get_json(client: Client, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def page(client: Client, url: str, **params: Any) -> dict[str, Any]:
    """A list answer, checked against the Page header of openapi.json and the item schemas."""
    data = get_json(client, url, **params)
    kind = LIST_ENDPOINTS[url]
    assert page_problems(data, kind) == []
    assert page_problems(data, kind, profile=True) == []
    return data


def one(client: Client, url: str, kind: str, **params: Any) -> dict[str, Any]:
    data = get_json(client, url, **params)
    assert record_problems(kind, data, profile=False) == []
    assert record_problems(kind, data, profile=True) == []
    return data


def names(data: dict[str, Any]) -> list[str]:
    return [item["name"] for item in data["contents"]]


# --- The root --------------------------------------------------------------------------------


def test_the_root_names_version_profile_and_openapi_url(client: Client) -> None:
    data = get_json(client, "/hsds/")
    assert index_problems(data) == []
    assert data == {
        "version": "3.0",
        "profile": "https://ontschot.example/hsds-nl-profile",
        "openapi_url": "http://testserver/hsds/openapi.json",
    }


def test_the_openapi_url_serves_the_official_description_with_this_server(
    client: Client,
) -> None:
    data = get_json(client, "/hsds/openapi.json")
    assert data["openapi"] == "3.1.0"
    assert "/services/{id}" in data["paths"]
    assert data["servers"] == [{"url": "http://testserver/hsds"}]


# --- Services --------------------------------------------------------------------------------


def test_the_services_page_lists_only_active_services(
    client: Client, small_directory: SmallDirectory
) -> None:
    data = page(client, "/hsds/services")
    assert names(data) == ["Amsterdams maatje", "Schuldhulp"]
    assert data["contents"][1]["organization"]["name"] == "Trajekt"
    assert "phones" not in data["contents"][1]


def test_a_full_services_page_nests_every_record(
    client: Client, small_directory: SmallDirectory
) -> None:
    data = page(client, "/hsds/services", full="true")
    service = data["contents"][1]
    assert "Sanne Jacobs" in {contact["name"] for contact in service["contacts"]}
    located = {sal["location"]["name"] for sal in service["service_at_locations"]}
    assert located == {"Buurthuis Malberg", "Vertrouwelijke locatie"}


def test_one_service_is_fully_nested(client: Client, small_directory: SmallDirectory) -> None:
    service = one(client, f"/hsds/services/{small_directory.service.pk}", "service")
    assert service["name"] == "Schuldhulp"
    assert service["organization"]["id"] == str(small_directory.organization.pk)
    assert service["nl_capacity_status"] == "waiting_list"
    located = {sal["location"]["name"] for sal in service["service_at_locations"]}
    assert located == {"Buurthuis Malberg", "Vertrouwelijke locatie"}
    terms = {a["taxonomy_term"]["code"] for a in service["attributes"]}
    assert terms == {"life_domain:money_debts", "target_group:adults"}


def test_an_inactive_service_is_not_published(
    client: Client, small_directory: SmallDirectory
) -> None:
    data = get_json(client, f"/hsds/services/{small_directory.inactive.pk}", status=404)
    assert data == {"error": f"There is no active service with id {small_directory.inactive.pk}."}


def test_services_are_found_in_everyday_dutch(
    client: Client, small_directory: SmallDirectory
) -> None:
    assert names(page(client, "/hsds/services", search="geldzorgen")) == ["Schuldhulp"]


def test_services_filter_by_term_taxonomy_and_organization(
    client: Client, small_directory: SmallDirectory
) -> None:
    money = term_id(LIFE_DOMAIN, "money_debts")
    assert names(page(client, "/hsds/services", taxonomy_term_id=money)) == ["Schuldhulp"]
    domains = taxonomy_id(LIFE_DOMAIN)
    assert names(page(client, "/hsds/services", taxonomy_id=domains)) == ["Schuldhulp"]
    by_organization = page(
        client, "/hsds/services", organization_id=small_directory.organization.pk
    )
    assert by_organization["total_items"] == 2
    other = "00000000-0000-4000-8000-000000000000"
    assert page(client, "/hsds/services", organization_id=other)["empty"] is True


def test_filters_combine_with_and(client: Client, small_directory: SmallDirectory) -> None:
    data = page(
        client,
        "/hsds/services",
        taxonomy_term_id=term_id(LIFE_DOMAIN, "money_debts"),
        search="maatje",
    )
    assert data["total_items"] == 0


def test_services_modified_after_a_moment(client: Client, small_directory: SmallDirectory) -> None:
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Service.objects.filter(pk=small_directory.elsewhere.pk).update(updated_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert names(page(client, "/hsds/services", modified_after=since)) == ["Schuldhulp"]
    assert page(client, "/hsds/services", modified_after="2000-01-01")["total_items"] == 2


def test_minimal_services_are_id_name_status_and_last_modified(
    client: Client, small_directory: SmallDirectory
) -> None:
    data = page(client, "/hsds/services", minimal="true")
    assert data["total_pages"] == 1
    assert set(data["contents"][0]) == {"id", "name", "status", "last_modified"}
    assert page(client, "/hsds/services", minimal="true", per_page=10000)["size"] == 2


# --- Pages -----------------------------------------------------------------------------------


def test_pages_walk_through_the_list(client: Client, small_directory: SmallDirectory) -> None:
    first = page(client, "/hsds/services", per_page=1)
    second = page(client, "/hsds/services", per_page=1, page=2)
    assert {key: first[key] for key in ("total_items", "total_pages", "page_number", "size")} == {
        "total_items": 2,
        "total_pages": 2,
        "page_number": 1,
        "size": 1,
    }
    assert (first["first_page"], first["last_page"]) == (True, False)
    assert (second["first_page"], second["last_page"]) == (False, True)
    assert names(first) + names(second) == ["Amsterdams maatje", "Schuldhulp"]


def test_an_empty_list_is_one_empty_first_page(client: Client) -> None:
    data = page(client, "/hsds/services")
    assert data == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "page must be a whole number, not 'abc'."),
        ({"page": "0"}, "page must be between 1 and 1000000000, not 0."),
        ({"per_page": "100000"}, "per_page must be between 1 and 100, not 100000."),
        ({"per_page": "0"}, "per_page must be between 1 and 100, not 0."),
        ({"full": "misschien"}, "full must be true or false, not 'misschien'."),
        ({"taxonomy_term_id": "geld"}, "taxonomy_term_id must be a UUID, not 'geld'."),
        (
            {"modified_after": "gisteren"},
            "modified_after must be a date-time like 2024-05-16T09:30:00Z, not 'gisteren'.",
        ),
        ({"format": "ndjson"}, "format 'ndjson' is not offered; use format=json."),
    ],
)
def test_a_bad_parameter_gets_a_400_that_says_what_to_fix(
    client: Client, params: dict[str, str], message: str
) -> None:
    assert get_json(client, "/hsds/services", status=400, **params) == {"error": message}


def test_a_page_past_the_end_is_a_404(client: Client, small_directory: SmallDirectory) -> None:
    data = get_json(client, "/hsds/services", status=404, page=3, per_page=1)
    assert data == {"error": "page 3 is past the last page (2) at per_page=1."}


def test_unknown_parameters_are_ignored(client: Client, small_directory: SmallDirectory) -> None:
    assert page(client, "/hsds/services", colour="blue")["total_items"] == 2


# --- Ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", DETAIL_ENDPOINTS)
def test_an_unknown_id_is_a_404(client: Client, template: str) -> None:
    data = get_json(client, template.format("7d5a1f4e-0000-4000-8000-000000000000"), status=404)
    assert data["error"].startswith("There is no ")


@pytest.mark.parametrize("template", DETAIL_ENDPOINTS)
def test_a_malformed_id_is_a_400(client: Client, template: str) -> None:
    data = get_json(client, template.format("12345"), status=400)
    assert data == {"error": "id must be a UUID, not '12345'."}


def test_an_unknown_path_under_hsds_is_a_json_404(client: Client) -> None:
    data = get_json(client, "/hsds/locations", status=404)
    assert data == {"error": "There is no HSDS endpoint /hsds/locations; see /hsds/openapi.json."}


# --- Organizations ---------------------------------------------------------------------------


def test_organizations_list_basic_then_full(
    client: Client, small_directory: SmallDirectory
) -> None:
    basic = page(client, "/hsds/organizations")
    assert basic["contents"][0]["name"] == "Trajekt"
    assert "locations" not in basic["contents"][0]
    full = page(client, "/hsds/organizations", full="true")
    locations = {loc["name"] for loc in full["contents"][0]["locations"]}
    assert locations == {"Buurthuis Malberg", "Vertrouwelijke locatie"}


def test_organizations_are_searched_by_name(
    client: Client, small_directory: SmallDirectory
) -> None:
    assert page(client, "/hsds/organizations", search="traj")["total_items"] == 1
    assert page(client, "/hsds/organizations", search="gemeente")["total_items"] == 0


def test_one_organization_lists_its_active_services_in_brief_or_in_full(
    client: Client, small_directory: SmallDirectory
) -> None:
    url = f"/hsds/organizations/{small_directory.organization.pk}"
    brief = one(client, url, "organization")
    assert sorted(s["name"] for s in brief["services"]) == ["Amsterdams maatje", "Schuldhulp"]
    assert all("service_at_locations" not in s for s in brief["services"])
    full = one(client, url, "organization", full_service="true")
    schuldhulp = next(s for s in full["services"] if s["name"] == "Schuldhulp")
    assert len(schuldhulp["service_at_locations"]) == 2


# --- Services at locations -------------------------------------------------------------------


def test_services_at_locations_list_and_detail_validate(
    client: Client, small_directory: SmallDirectory
) -> None:
    data = page(client, "/hsds/service_at_locations")
    assert data["total_items"] == 2
    assert {item["service"]["name"] for item in data["contents"]} == {"Schuldhulp"}
    page(client, "/hsds/service_at_locations", full="true")
    public = ServiceAtLocation.objects.get(location=small_directory.public_location)
    detail = one(client, f"/hsds/service_at_locations/{public.pk}", "service_at_location")
    assert detail["location"]["addresses"][0]["address_1"] == "Malbergsingel 1"
    assert detail["service"]["name"] == "Schuldhulp"


def test_near_a_postcode_finds_public_locations_and_never_a_confidential_one(
    client: Client, small_directory: SmallDirectory
) -> None:
    data = page(client, "/hsds/service_at_locations", postcode="6211 AB", proximity=5000)
    assert [item["location"]["name"] for item in data["contents"]] == ["Buurthuis Malberg"]
    far = page(client, "/hsds/service_at_locations", postcode="1011", proximity=5000)
    assert far["total_items"] == 0


def test_proximity_is_measured_as_a_circle(client: Client, small_directory: SmallDirectory) -> None:
    # The public location is 0.001° (111 m) north of the postcode's centre.
    assert page(client, "/hsds/service_at_locations", postcode="6211", proximity=120)["size"] == 1
    assert page(client, "/hsds/service_at_locations", postcode="6211", proximity=100)["size"] == 0


def test_a_postcode_keeps_services_whose_area_includes_it(
    client: Client, small_directory: SmallDirectory
) -> None:
    elsewhere = small_directory.elsewhere
    ServiceAtLocation.objects.create(service=elsewhere, location=small_directory.public_location)
    in_maastricht = page(client, "/hsds/service_at_locations", postcode="6211")
    assert {item["service"]["name"] for item in in_maastricht["contents"]} == {"Schuldhulp"}
    in_amsterdam = page(client, "/hsds/service_at_locations", postcode="1011")
    assert {item["service"]["name"] for item in in_amsterdam["contents"]} == {"Amsterdams maatje"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "abc"}, "postcode must be a Dutch postcode like 6211 or 6211 AB, not 'abc'."),
        ({"postcode": "1000"}, "postcode '1000' is not a known postcode area."),
        ({"proximity": "500"}, "proximity needs a postcode to measure from."),
        (
            {"postcode": "6211", "proximity": "-1"},
            "proximity must be between 1 and 100000, not -1.",
        ),
    ],
)
def test_a_bad_place_gets_a_400(
    client: Client, geography: Municipality, params: dict[str, str], message: str
) -> None:
    data = get_json(client, "/hsds/service_at_locations", status=400, **params)
    assert data == {"error": message}


# --- Taxonomies ------------------------------------------------------------------------------


def test_taxonomies_and_their_terms(client: Client, small_directory: SmallDirectory) -> None:
    taxonomies = page(client, "/hsds/taxonomies")
    assert names(taxonomies) == ["Doelgroep", "Financiering", "Levensdomein"]
    domains = taxonomy_id(LIFE_DOMAIN)
    one(client, f"/hsds/taxonomies/{domains}", "taxonomy")
    terms = page(client, "/hsds/taxonomy_terms", taxonomy_id=domains, per_page=100)
    assert terms["total_items"] == TaxonomyTerm.objects.filter(taxonomy_ref_id=domains).count()
    money = one(
        client, f"/hsds/taxonomy_terms/{term_id(LIFE_DOMAIN, 'money_debts')}", "taxonomy_term"
    )
    assert money["taxonomy_detail"]["name"] == "Levensdomein"


def test_terms_by_parent_and_top_only(client: Client, small_directory: SmallDirectory) -> None:
    money = TaxonomyTerm.objects.get(pk=term_id(LIFE_DOMAIN, "money_debts"))
    child = TaxonomyTerm.objects.create(
        name="Schuldsanering", description="Wettelijke schuldsanering.", parent=money
    )
    children = page(client, "/hsds/taxonomy_terms", parent_id=money.pk)
    assert [item["id"] for item in children["contents"]] == [str(child.pk)]
    top = page(client, "/hsds/taxonomy_terms", top_only="true", per_page=100)
    assert str(child.pk) not in {item["id"] for item in top["contents"]}
    assert top["total_items"] == TaxonomyTerm.objects.count() - 1


def test_terms_are_searched(client: Client, small_directory: SmallDirectory) -> None:
    assert names(page(client, "/hsds/taxonomy_terms", search="schulden")) == ["Geld en schulden"]


# --- Privacy and access ----------------------------------------------------------------------


def test_a_confidential_address_is_in_no_answer(
    client: Client, small_directory: SmallDirectory
) -> None:
    sal = ServiceAtLocation.objects.get(location=small_directory.shelter)
    urls = [
        "/hsds/services?full=true",
        "/hsds/services",
        f"/hsds/services/{small_directory.service.pk}",
        "/hsds/organizations?full=true",
        "/hsds/organizations?full_service=true",
        f"/hsds/organizations/{small_directory.organization.pk}?full_service=true",
        "/hsds/service_at_locations",
        "/hsds/service_at_locations?full=true",
        f"/hsds/service_at_locations/{sal.pk}",
        "/hsds/service_at_locations?postcode=6211&proximity=100000",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in SHELTER_SECRETS:
            assert secret not in body, (url, secret)


def test_the_service_at_a_confidential_location_shows_the_placeholder(
    client: Client, small_directory: SmallDirectory
) -> None:
    sal = ServiceAtLocation.objects.get(location=small_directory.shelter)
    data = one(client, f"/hsds/service_at_locations/{sal.pk}", "service_at_location")
    assert data["location"] == {
        "id": str(small_directory.shelter.pk),
        "location_type": "physical",
        "name": "Vertrouwelijke locatie",
        "nl_is_confidential": True,
    }
    assert "description" not in data


def test_it_needs_no_login_and_answers_any_origin(client: Client) -> None:
    response = client.get("/hsds/services")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_only_reads(client: Client, small_directory: SmallDirectory) -> None:
    response = client.post("/hsds/services", {"name": "Nep"})
    assert response.status_code == 405
    assert response.json() == {"error": "Only GET is supported."}
    assert response["Allow"] == "GET, HEAD"


def test_a_full_page_costs_the_same_queries_for_more_services(
    client: Client, small_directory: SmallDirectory
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/hsds/services", {"full": "true"})
        return len(captured)

    before = queries()
    for number in range(10):
        extra = Service.objects.create(organization=small_directory.organization, name=f"S{number}")
        ServiceAtLocation.objects.create(service=extra, location=small_directory.public_location)
    assert queries() == before
