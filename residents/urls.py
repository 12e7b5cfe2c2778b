from django.urls import path

from residents import views

app_name = "residents"
urlpatterns = [
    path("mijn/", views.portal, name="portal"),
    path("inwoners/", views.find, name="find"),
    path("inwoners/<int:resident_id>/", views.resident_file, name="file"),
]
