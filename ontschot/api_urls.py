"""The project's own JSON API, version 1. Its OpenAPI document is committed as openapi.yaml."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    # Referrals first: systems call them most (the order changes nothing else, the prefixes differ).
    path("", include("referrals.api.urls")),
    path("", include("directory.api.urls")),
    path("", include("residents.api.urls")),
    path("schema", SpectacularAPIView.as_view(), name="api-schema"),
]
