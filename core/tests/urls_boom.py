from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals that must never reach the browser")


urlpatterns = [path("boom/", boom), path("", include("ontschot.urls"))]
handler500 = "core.views.server_error"
