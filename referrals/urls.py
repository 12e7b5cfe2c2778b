from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("verwijzingen/", views.inbox, name="inbox"),
    path("verwijzingen/nieuw/", views.new, name="new"),
    path("verwijzingen/cijfers/", views.numbers, name="numbers"),
    path("verwijzingen/afspraken/", views.agreement, name="agreement"),
    path("verwijzingen/<int:referral_id>/", views.detail, name="detail"),
    path("verwijzingen/<int:referral_id>/status/", views.transition, name="transition"),
    path(
        "verwijzingen/<int:referral_id>/eerste-contact/", views.first_contact, name="first_contact"
    ),
    path("verwijzingen/<int:referral_id>/bericht/", views.feedback, name="feedback"),
    path("verwijzingen/<int:referral_id>/toewijzen/", views.assign, name="assign"),
    path("verwijzingen/<int:referral_id>/gesprek/", views.conversation, name="conversation"),
    path("verwijzingen/<int:referral_id>/activiteit/", views.activity, name="activity"),
    path("inwoners/<int:resident_id>/tijdlijn/", views.resident_timeline, name="resident_timeline"),
    path(
        "huishoudens/<int:household_id>/tijdlijn/",
        views.household_timeline,
        name="household_timeline",
    ),
]
