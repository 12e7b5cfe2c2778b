from django.urls import path

from geo import views

app_name = "geo"
urlpatterns = [
    path("postcode/", views.postcode_lookup, name="postcode"),
    path("regio/", views.region, name="region"),
]
