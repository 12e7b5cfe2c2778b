from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("meldingen/", views.inbox, name="inbox"),
    path("meldingen/alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("meldingen/instellingen/", views.preferences, name="preferences"),
    path("meldingen/<int:notification_id>/", views.open_notification, name="open"),
]
