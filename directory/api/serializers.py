"""The project's own JSON shapes for the directory (the HSDS shapes live in directory/hsds)."""

from rest_framework import serializers

from directory import services
from directory.models import Contact, Service


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
