from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("werkplek/", views.workspace, name="workspace"),
    path("werkplek/organisatie/", views.organization, name="organization"),
    path("werkplek/organisatie/bewerken/", views.organization_edit, name="organization_edit"),
    path("werkplek/wisselen/", views.switch_membership, name="switch_membership"),
    path("werkplek/beveiliging/", views.security_events, name="security_events"),
    path("werkplek/api-sleutels/", views.api_tokens, name="api_tokens"),
    path("werkplek/api-sleutels/nieuw/", views.api_token_create, name="api_token_create"),
    path(
        "werkplek/api-sleutels/<int:token_id>/intrekken/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("taal/", views.set_language, name="set_language"),
]
