import hashlib
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from directory.answers import answers
from directory.api.serializers import (
    ErrorSerializer,
    SearchQuerySerializer,
    SearchResultSerializer,
    ServiceSummarySerializer,
    search_result_data,
)
from directory.models import Contact, Service
from directory.search import Place, SearchParams, resolve_place, search, versions


def _query_data(request: Request) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        data[key] = values if key in {"domein", "doelgroep", "financiering"} else values[-1]
    return data


@extend_schema(
    operation_id="directory_search",
    summary="Search the directory in everyday Dutch",
    parameters=[SearchQuerySerializer],
    responses={200: SearchResultSerializer, 400: OpenApiResponse(ErrorSerializer)},
    tags=["directory"],
)
@api_view(["GET"])
@permission_classes([AllowAny])
def search_services(request: Request) -> Response:
    query = SearchQuerySerializer(data=_query_data(request))
    if not query.is_valid():
        return Response(
            {"detail": _("Some search parameters are not valid."), "errors": query.errors},
            status=400,
        )
    data = query.validated_data
    if settings.SEARCH_CACHE_SECONDS <= 0:
        return _search_answer(request, data)  # nothing is remembered: no key to make
    key = _answer_key(request, data)
    remembered = answers.get(key)
    if remembered is not None:
        return Response(remembered)
    answer = _search_answer(request, data)
    if answer.status_code == 200:
        answers.set(key, answer.data, settings.SEARCH_CACHE_SECONDS)
    return answer


def _answer_key(request: Request, data: dict[str, Any]) -> str:
    """The same question, language and host give the same answer until the directory changes.

    Keeping the whole answer also saves building it: a remembered search's hits and reasons cost
    as much to turn into JSON data as the rest of the request (docs/performance.md).
    """
    minute = timezone.now().strftime("%Y%m%d%H%M") if data.get("nu_open") else ""
    question = (
        versions(),
        translation.get_language(),
        request.scheme,
        request.get_host(),
        minute,
        sorted((name, str(value)) for name, value in data.items()),
    )
    return "api-search:" + hashlib.sha256(repr(question).encode()).hexdigest()


def _search_answer(request: Request, data: dict[str, Any]) -> Response:
    place: Place | None = None
    if data.get("waar"):
        place = resolve_place(data["waar"])
        if place is None:
            message = _(
                "We do not know “%(place)s”. Type a postcode (6211 AB), a district or a municipality."
            )
            return Response({"detail": message % {"place": data["waar"][:100]}}, status=400)
    params = SearchParams(
        text=data.get("q", ""),
        place=place,
        terms={
            "life_domain": data.get("domein", []),
            "target_group": data.get("doelgroep", []),
            "funding_stream": data.get("financiering", []),
        },
        age=data.get("leeftijd"),
        referral=data.get("verwijzing", ""),
        kind=data.get("soort", ""),
        open_now=data.get("nu_open", False),
        page=data.get("pagina", 1),
    )
    return Response(search_result_data(search(params), request))


@extend_schema(
    operation_id="directory_service",
    summary="One service with its fixed contact person",
    responses={200: ServiceSummarySerializer, 404: OpenApiResponse(ErrorSerializer)},
    tags=["directory"],
)
@api_view(["GET"])
@permission_classes([AllowAny])
def service_detail(request: Request, service_id: str) -> Response:
    queryset = Service.objects.select_related("organization").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones"))
    )
    service = get_object_or_404(queryset.exclude(status=Service.Status.DEFUNCT), pk=service_id)
    return Response(ServiceSummarySerializer(service, context={"request": request}).data)
