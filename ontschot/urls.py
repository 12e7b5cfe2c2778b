from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from core import views as core_views

admin.site.site_header = "ontschot"
admin.site.site_title = "ontschot"

urlpatterns = [
    # First: an API request then finds its view without trying every page's pattern before it
    # (Django tries the patterns in order; no page lives under api/).
    path("api/v1/", include("ontschot.api_urls")),
    path("", include("accounts.urls")),
    path("geo/", include("geo.urls")),
    path("", include("residents.urls")),
    path("", include("privacy.urls")),
    path("", include("referrals.urls")),
    path("", include("notifications.urls")),
    path("sociale-kaart/", include("directory.urls")),
    path("hsds/", include("directory.hsds.urls")),
    path("account/", include("allauth.urls")),
    # The admin has no login of its own: everyone logs in (with 2FA) through allauth.
    path("beheer/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("beheer/", admin.site.urls),
    path("gezond/", core_views.health, name="health"),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
