from django.urls import path, re_path

from directory.hsds import views

app_name = "hsds"
# HSDS paths have no trailing slash (/hsds/services/{id}); ids are checked in the views, so a
# malformed one gets a JSON answer instead of the site's 404 page.
urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:pk>", views.service_detail, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:pk>", views.organization_detail, name="organization"),
    path("service_at_locations", views.services_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:pk>",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:pk>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", views.taxonomy_term_detail, name="taxonomy_term"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
