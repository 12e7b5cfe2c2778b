from django.urls import path

from directory.api import views

urlpatterns = [
    path("directory/search", views.search_services, name="api-directory-search"),
    path(
        "directory/services/<uuid:service_id>", views.service_detail, name="api-directory-service"
    ),
]
