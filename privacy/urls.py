from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("mijn/toestemmingen/", views.my_consents, name="my_consents"),
    path(
        "mijn/toestemmingen/<int:consent_id>/intrekken/",
        views.revoke_consent,
        name="revoke_consent",
    ),
    path("mijn/inzage/", views.my_accesses, name="my_accesses"),
    path("mijn/vertegenwoordigd/<int:resident_id>/", views.represented, name="represented"),
    path("mijn/download/", views.download, name="download"),
    path("mijn/download/pdf/", views.download, {"file_format": "pdf"}, name="download_pdf"),
    path("mijn/verzoeken/", views.my_requests, name="my_requests"),
    path(
        "mijn/vertegenwoordigd/<int:resident_id>/download/",
        views.download,
        name="represented_download",
    ),
    path(
        "mijn/vertegenwoordigd/<int:resident_id>/download/pdf/",
        views.download,
        {"file_format": "pdf"},
        name="represented_download_pdf",
    ),
    path(
        "mijn/vertegenwoordigd/<int:resident_id>/verzoeken/",
        views.my_requests,
        name="represented_requests",
    ),
    path("inwoners/<int:resident_id>/toestemming/", views.record_consent, name="record_consent"),
    path("inwoners/<int:resident_id>/noodtoegang/", views.break_glass, name="break_glass"),
    path("privacy/", views.overview, name="overview"),
    path("privacy/noodtoegang/<int:access_id>/", views.review, name="review"),
    path("privacy/verzoeken/<int:request_id>/", views.answer_request, name="answer_request"),
]
