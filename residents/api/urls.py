from django.urls import path

from residents.api import views

urlpatterns = [path("residents/<int:resident_id>", views.resident_contact, name="api-resident")]
