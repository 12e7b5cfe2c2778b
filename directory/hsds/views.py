"""The public HSDS 3.0 read API under /hsds/ (schema/openapi.json describes it).

Anonymous and read-only. Services are published only while active; confidential locations only
as a placeholder (directory.hsds.serialize does that for the export too). Every answer is JSON:
bad query parameters get a 400 and an unknown id a 404, each with a message saying what to fix.
Query parameters combine with AND, as the HSDS API reference asks; unknown ones are ignored.
"""

import copy
import datetime
import math
import uuid
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.db.models import ExpressionWrapper, F, FloatField, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime

from directory import search
from directory.hsds import serialize
from directory.hsds.validation import openapi
from directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.vocabulary import PROFILE_URI
from geo.models import PostcodeArea
from geo.services import InvalidPostcode, postcode_area

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MINIMAL_PER_PAGE = 10_000  # HSDS: "aim to return all services within one page"
MAX_PROXIMITY_METRES = 100_000
KM_PER_DEGREE = 111.32

View = Callable[..., HttpResponse]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view: View) -> View:
    """GET only; ApiError becomes a JSON answer; any web page may read the (public) data."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response: HttpResponse = _json({"error": "Only GET is supported."}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            response = view(request, *args, **kwargs)
        except ApiError as error:
            response = _json({"error": error.message}, status=error.status)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# --- Query parameters ------------------------------------------------------------------------


def _integer(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"{name} must be a whole number, not {text!r}.") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}, not {value}.")
    return value


def _boolean(request: HttpRequest, name: str) -> bool:
    text = request.GET.get(name, "").strip().lower()
    if text in ("", "false", "0", "no"):
        return False
    if text in ("true", "1", "yes"):
        return True
    raise ApiError(400, f"{name} must be true or false, not {text!r}.")


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    return _parse_uuid(text, name)


def _parse_uuid(text: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ApiError(400, f"{name} must be a UUID, not {text!r}.") from None


def _modified_after(request: HttpRequest) -> datetime.datetime | None:
    text = request.GET.get("modified_after", "").strip()
    if not text:
        return None
    try:
        parsed = parse_datetime(text)
        if parsed is None and (day := parse_date(text)) is not None:
            parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ApiError(
            400, f"modified_after must be a date-time like 2024-05-16T09:30:00Z, not {text!r}."
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _check_format(request: HttpRequest) -> None:
    value = request.GET.get("format", "json").strip().lower() or "json"
    if value != "json":
        raise ApiError(400, f"format {value!r} is not offered; use format=json.")


def _search_text(request: HttpRequest) -> str:
    return request.GET.get("search", "").strip()[:200]


# --- Pages -----------------------------------------------------------------------------------


def _page(
    request: HttpRequest,
    queryset: QuerySet[Any],
    to_json: Callable[[Sequence[Any]], list[dict[str, Any]]],
    *,
    default_per_page: int = DEFAULT_PER_PAGE,
    max_per_page: int = MAX_PER_PAGE,
) -> JsonResponse:
    """An HSDS `Page`: 1-based page_number, size = the number of items on this page."""
    _check_format(request)
    per_page = _integer(request, "per_page", default_per_page, 1, max_per_page)
    page = _integer(request, "page", 1, 1, 10**9)
    total = queryset.count()
    total_pages = math.ceil(total / per_page)
    if page > max(total_pages, 1):
        raise ApiError(
            404, f"page {page} is past the last page ({total_pages}) at per_page={per_page}."
        )
    start = (page - 1) * per_page
    contents = to_json(list(queryset[start : start + per_page]))
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


def _one(queryset: QuerySet[Any], text: str, noun: str) -> Any:
    pk = _parse_uuid(text, "id")
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ApiError(404, f"There is no {noun} with id {pk}.")
    return found


def _serialized(
    serializer: Callable[..., dict[str, Any]], **options: Any
) -> Callable[[Sequence[Any]], list[dict[str, Any]]]:
    def to_json(objects: Sequence[Any]) -> list[dict[str, Any]]:
        return serialize.serialize_all(
            objects, lambda obj, batch: serializer(obj, batch, **options), embed=True
        )

    return to_json


# --- Querysets -------------------------------------------------------------------------------


def public_services() -> QuerySet[Service]:
    return Service.objects.filter(status=Service.Status.ACTIVE)


def full_services() -> QuerySet[Service]:
    return (
        public_services()
        .select_related("organization")
        .prefetch_related(*serialize.service_prefetches(embed=True))
    )


def _filtered_services(request: HttpRequest) -> QuerySet[Service]:
    """The services that pass the filters HSDS gives /services and /service_at_locations."""
    services = public_services()
    if text := _search_text(request):
        services = services.filter(_matches(text))
    if term_id := _uuid(request, "taxonomy_term_id"):
        tagged = Attribute.objects.filter(taxonomy_term_id=term_id)
        services = services.filter(pk__in=tagged.values("link_id"))
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        tagged = Attribute.objects.filter(taxonomy_term__taxonomy_ref_id=taxonomy_id)
        services = services.filter(pk__in=tagged.values("link_id"))
    if organization_id := _uuid(request, "organization_id"):
        services = services.filter(organization_id=organization_id)
    if modified_after := _modified_after(request):
        services = services.filter(updated_at__gte=modified_after)
    return services


def _matches(text: str) -> Q:
    """The directory's own Dutch search (stems, thesaurus, typo tolerance), as on the site."""
    query = search.parse(text)
    if query.is_empty:
        return Q(name__icontains=text) | Q(description__icontains=text)
    return search.match_filter(query)


def _text_filter(text: str, *fields: str) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    return condition


# --- Endpoints -------------------------------------------------------------------------------


@api_view
def index(request: HttpRequest) -> HttpResponse:
    return _json(
        {
            "version": serialize.HSDS_VERSION,
            "profile": PROFILE_URI,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The official HSDS 3.0 OpenAPI file, with this server filled in where it has blanks."""
    document = copy.deepcopy(openapi())
    document["info"] = {
        "title": "ontschot HSDS 3.0 API",
        "version": serialize.HSDS_VERSION,
        "summary": "The directory (sociale kaart) of this region as Open Referral HSDS 3.0.",
        "description": f"HSDS 3.0 with the NL profile {PROFILE_URI}.",
        "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    }
    document["servers"] = [{"url": request.build_absolute_uri(reverse("hsds:index")).rstrip("/")}]
    return _json(document)


@api_view
def services(request: HttpRequest) -> HttpResponse:
    found = _filtered_services(request).order_by("name", "id")
    if _boolean(request, "minimal"):
        return _page(
            request,
            found.only("id", "name", "status", "updated_at"),
            lambda rows: [serialize.minimal_service(row) for row in rows],
            default_per_page=MINIMAL_PER_PAGE,
            max_per_page=MINIMAL_PER_PAGE,
        )
    if _boolean(request, "full"):
        rows = found.select_related("organization").prefetch_related(
            *serialize.service_prefetches(embed=True)
        )
        return _page(request, rows, _serialized(serialize.service))
    rows = found.select_related("organization")
    return _page(request, rows, _serialized(serialize.service, full=False))


@api_view
def service_detail(request: HttpRequest, pk: str) -> HttpResponse:
    service = _one(full_services(), pk, "active service")
    return _json(_serialized(serialize.service)([service])[0])


def _organizations(*, full_service: bool) -> QuerySet[Organization]:
    """Organisations with everything the full shape nests, and their active services."""
    services = full_services() if full_service else public_services().select_related("organization")
    return Organization.objects.prefetch_related(
        *serialize.organization_prefetches(locations=True),
        Prefetch("services", queryset=services, to_attr="public_services"),
    )


def _organization_json(*, full_service: bool) -> Callable[..., dict[str, Any]]:
    def to_json(obj: Organization, batch: serialize.Batch) -> dict[str, Any]:
        listed = [
            serialize.service(service, batch, full=full_service)
            for service in serialize.ordered(obj.public_services)  # type: ignore[attr-defined]
        ]
        return serialize.organization(obj, batch, services=listed)

    return to_json


@api_view
def organizations(request: HttpRequest) -> HttpResponse:
    full_service = _boolean(request, "full_service")
    full = _boolean(request, "full") or full_service
    rows = _organizations(full_service=full_service) if full else Organization.objects.all()
    if text := _search_text(request):
        rows = rows.filter(_text_filter(text, "name", "alternate_name", "description"))
    rows = rows.order_by("name", "id")
    if full:
        return _page(request, rows, _serialized(_organization_json(full_service=full_service)))
    return _page(request, rows, _serialized(serialize.organization, full=False))


@api_view
def organization_detail(request: HttpRequest, pk: str) -> HttpResponse:
    full_service = _boolean(request, "full_service")
    organization = _one(_organizations(full_service=full_service), pk, "organization")
    return _json(_serialized(_organization_json(full_service=full_service))([organization])[0])


def _services_at_locations(request: HttpRequest) -> QuerySet[ServiceAtLocation]:
    rows = ServiceAtLocation.objects.filter(service__in=_filtered_services(request))
    postcode = request.GET.get("postcode", "").strip()
    proximity = _integer(request, "proximity", 0, 1, MAX_PROXIMITY_METRES)
    if proximity and not postcode:
        raise ApiError(400, "proximity needs a postcode to measure from.")
    if not postcode:
        return rows
    area = _postcode_area(postcode)
    if proximity:
        return _within(rows, area.latitude, area.longitude, proximity / 1000)
    return rows.filter(_serving(area))


def _postcode_area(text: str) -> PostcodeArea:
    try:
        area = postcode_area(text)
    except InvalidPostcode:
        raise ApiError(
            400, f"postcode must be a Dutch postcode like 6211 or 6211 AB, not {text!r}."
        ) from None
    if area is None:
        raise ApiError(400, f"postcode {text!r} is not a known postcode area.")
    return area


def _within(
    rows: QuerySet[ServiceAtLocation], latitude: float, longitude: float, radius_km: float
) -> QuerySet[ServiceAtLocation]:
    """Locations within the radius of a point (equirectangular: metres off within a region).
    A confidential location is never near anything: that would give its whereabouts away."""
    scale = math.cos(math.radians(latitude))
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * scale)
    boxed = rows.filter(
        location__is_confidential=False,
        location__latitude__range=(latitude - dlat, latitude + dlat),
        location__longitude__range=(longitude - dlon, longitude + dlon),
    )
    north = (F("location__latitude") - latitude) * KM_PER_DEGREE
    east = (F("location__longitude") - longitude) * KM_PER_DEGREE * scale
    distance2 = ExpressionWrapper(north * north + east * east, output_field=FloatField())
    return boxed.alias(distance2=distance2).filter(distance2__lte=radius_km * radius_km)


def _serving(area: PostcodeArea) -> Q:
    """HSDS: where a service names service areas, the postcode must lie in one of them. Areas
    are CBS codes: the municipality, the district, or a neighbourhood of the district."""
    served = Q(service__service_areas__cbs_code=area.municipality.code)
    if area.district is not None:
        served |= Q(service__service_areas__cbs_code=area.district.code)
        served |= Q(service__service_areas__cbs_code__startswith="BU" + area.district.code[2:])
    named = ServiceAtLocation.objects.filter(service__service_areas__cbs_code__gt="")
    return served | ~Q(pk__in=named.values("pk"))


def _service_at_location_json(*, full: bool) -> Callable[..., dict[str, Any]]:
    def to_json(obj: ServiceAtLocation, batch: serialize.Batch) -> dict[str, Any]:
        service_data = serialize.service(obj.service, batch, full=False)
        return serialize.service_at_location(obj, batch, full=full, service_data=service_data)

    return to_json


def _sal_rows(*, full: bool) -> QuerySet[ServiceAtLocation]:
    rows = ServiceAtLocation.objects.select_related("service__organization")
    if full:
        return rows.prefetch_related(*serialize.service_at_location_prefetches(embed=True))
    return rows.select_related("location__district")


@api_view
def services_at_locations(request: HttpRequest) -> HttpResponse:
    full = _boolean(request, "full")
    found = _services_at_locations(request).values("pk")
    rows = _sal_rows(full=full).filter(pk__in=found).order_by("service__name", "id")
    return _page(request, rows, _serialized(_service_at_location_json(full=full)))


@api_view
def service_at_location_detail(request: HttpRequest, pk: str) -> HttpResponse:
    rows = _sal_rows(full=True).filter(service__status=Service.Status.ACTIVE)
    found = _one(rows, pk, "service at a location of an active service")
    return _json(_serialized(_service_at_location_json(full=True))([found])[0])


@api_view
def taxonomies(request: HttpRequest) -> HttpResponse:
    rows = Taxonomy.objects.order_by("name", "id")
    if text := _search_text(request):
        rows = rows.filter(_text_filter(text, "name", "description"))
    return _page(request, rows, _serialized(serialize.taxonomy))


@api_view
def taxonomy_detail(request: HttpRequest, pk: str) -> HttpResponse:
    taxonomy = _one(Taxonomy.objects.all(), pk, "taxonomy")
    return _json(_serialized(serialize.taxonomy)([taxonomy])[0])


@api_view
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    rows = TaxonomyTerm.objects.select_related("taxonomy_ref").order_by("code", "name", "id")
    if text := _search_text(request):
        rows = rows.filter(_text_filter(text, "name", "code", "description"))
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        rows = rows.filter(taxonomy_ref_id=taxonomy_id)
    if parent_id := _uuid(request, "parent_id"):
        rows = rows.filter(parent_id=parent_id)
    if _boolean(request, "top_only"):
        rows = rows.filter(parent__isnull=True)
    return _page(request, rows, _serialized(serialize.taxonomy_term))


@api_view
def taxonomy_term_detail(request: HttpRequest, pk: str) -> HttpResponse:
    term = _one(TaxonomyTerm.objects.select_related("taxonomy_ref"), pk, "taxonomy term")
    return _json(_serialized(serialize.taxonomy_term)([term])[0])


@api_view
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    raise ApiError(404, f"There is no HSDS endpoint /hsds/{path}; see /hsds/openapi.json.")
