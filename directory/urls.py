from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("aanbod/<uuid:service_id>/", views.service_detail, name="service"),
    path("aanbod/<uuid:service_id>/geschiedenis/", views.service_history, name="history"),
    path("wijken/", views.districts, name="districts"),
    path("wijk/<str:code>/", views.district_overview, name="district"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/nieuw/", views.service_new, name="new"),
    path("beheer/<uuid:service_id>/bewerken/", views.service_edit, name="edit"),
    path("beheer/<uuid:service_id>/contactpersoon/", views.liaison_edit, name="liaison"),
    path("beheer/<uuid:service_id>/capaciteit/", views.capacity_update, name="capacity"),
    path("beheer/<uuid:service_id>/kenmerken/", views.terms_edit, name="terms"),
    path("beheer/<uuid:service_id>/locatie/", views.location_edit, name="location"),
    path("beheer/<uuid:service_id>/openingstijden/", views.hours_edit, name="hours"),
    path("beheer/<uuid:service_id>/gesloten/", views.closure_add, name="closure_add"),
    path(
        "beheer/<uuid:service_id>/gesloten/<uuid:closure_id>/weg/",
        views.closure_remove,
        name="closure_remove",
    ),
    path("beheer/<uuid:service_id>/gecontroleerd/", views.verify, name="verify"),
]
