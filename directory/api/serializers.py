"""The project's own JSON shapes for the directory (the HSDS shapes live in directory/hsds).

The serializers describe the shapes (the OpenAPI document is generated from them). A search
answer is built by `search_result_data` instead: DRF's nested fields cost as much as the rest of
a remembered search. `directory/tests/test_api.py` holds the two equal.
"""

from typing import Any

from django.http import HttpRequest
from rest_framework import serializers

from directory import services
from directory.models import Contact, Service
from directory.search import Facet, Hit, SearchResults


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=10_000, help_text="Everyday Dutch words"
    )
    waar = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Postcode, district or municipality",
    )
    domein = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        help_text="life_domain term codes",
    )
    doelgroep = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    financiering = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    leeftijd = serializers.IntegerField(required=False, min_value=0, max_value=120)
    verwijzing = serializers.ChoiceField(choices=["", "none", "needed"], required=False)
    soort = serializers.ChoiceField(choices=["", "informal", "professional"], required=False)
    nu_open = serializers.BooleanField(required=False, default=False)
    pagina = serializers.IntegerField(required=False, min_value=1, max_value=10_000, default=1)


class LiaisonSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    reachable = serializers.CharField()
    phones = serializers.SerializerMethodField()

    def get_phones(self, contact: Contact) -> list[str]:
        return [phone.number for phone in contact.phones.all()]


class ServiceSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.name")
    description = serializers.CharField()
    is_informal = serializers.BooleanField()
    status = serializers.CharField()
    capacity_status = serializers.CharField()
    waiting_weeks = serializers.IntegerField(allow_null=True)
    referral_requirement = serializers.CharField()
    possibly_outdated = serializers.SerializerMethodField()
    liaison = LiaisonSerializer(allow_null=True, read_only=True)
    url = serializers.SerializerMethodField()

    def get_possibly_outdated(self, service: Service) -> bool:
        return services.is_possibly_outdated(service)

    def get_url(self, service: Service) -> str:
        request = self.context.get("request")
        path = f"/sociale-kaart/aanbod/{service.pk}/"
        return request.build_absolute_uri(path) if request else path


class HitSerializer(serializers.Serializer):
    service = ServiceSummarySerializer()
    score = serializers.IntegerField()
    distance_km = serializers.FloatField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResultSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    corrections = serializers.DictField(child=serializers.CharField())
    hits = HitSerializer(many=True)
    facets = serializers.DictField(child=FacetSerializer(many=True))


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]  # named like Serializer.errors
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def search_result_data(results: SearchResults, request: HttpRequest | None) -> dict[str, Any]:
    """What `SearchResultSerializer` makes of these results."""
    return {
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "corrections": {str(k): str(v) for k, v in results.query.corrections.items()},
        "hits": [_hit_data(hit, request) for hit in results.hits],
        "facets": {
            str(key): [_facet_data(facet) for facet in values]
            for key, values in results.facets.items()
        },
    }


def service_summary_data(service: Service, request: HttpRequest | None) -> dict[str, Any]:
    """What `ServiceSummarySerializer` makes of a service."""
    liaison = service.liaison
    path = f"/sociale-kaart/aanbod/{service.pk}/"
    return {
        "id": str(service.pk),
        "name": _text(service.name),
        "organization": _text(service.organization.name),
        "description": _text(service.description),
        "is_informal": service.is_informal,
        "status": _text(service.status),
        "capacity_status": _text(service.capacity_status),
        "waiting_weeks": service.waiting_weeks,
        "referral_requirement": _text(service.referral_requirement),
        "possibly_outdated": services.is_possibly_outdated(service),
        "liaison": None if liaison is None else _liaison_data(liaison),
        "url": request.build_absolute_uri(path) if request else path,
    }


def _hit_data(hit: Hit, request: HttpRequest | None) -> dict[str, Any]:
    return {
        "service": service_summary_data(hit.service, request),
        "score": hit.score,
        "distance_km": None if hit.distance_km is None else float(hit.distance_km),
        "reasons": [str(reason) for reason in hit.reasons],
    }


def _liaison_data(contact: Contact) -> dict[str, Any]:
    return {
        "name": _text(contact.name),
        "title": _text(contact.title),
        "email": _text(contact.email),
        "reachable": _text(contact.reachable),
        "phones": [phone.number for phone in contact.phones.all()],
    }


def _facet_data(facet: Facet) -> dict[str, Any]:
    return {
        "value": _text(facet.value),
        "label": _text(facet.label),
        "count": facet.count,
        "selected": facet.selected,
    }


def _text(value: Any) -> str | None:
    """As a DRF CharField shows it: None stays None, anything else becomes text."""
    return None if value is None else str(value)
