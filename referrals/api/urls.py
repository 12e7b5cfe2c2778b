from django.urls import path

from referrals.api import views

urlpatterns = [
    path("referrals", views.referrals, name="api-referrals"),
    path("referrals/<int:referral_id>", views.referral_detail, name="api-referral"),
    path(
        "referrals/<int:referral_id>/transitions",
        views.transition,
        name="api-referral-transitions",
    ),
    path("referrals/<int:referral_id>/feedback", views.feedback, name="api-referral-feedback"),
    path(
        "referrals/<int:referral_id>/first-contact",
        views.first_contact,
        name="api-referral-first-contact",
    ),
    path(
        "referrals/<int:referral_id>/assignment",
        views.assignment,
        name="api-referral-assignment",
    ),
    path(
        "referrals/<int:referral_id>/conversations",
        views.conversations,
        name="api-referral-conversations",
    ),
    path(
        "referrals/<int:referral_id>/activities",
        views.activities,
        name="api-referral-activities",
    ),
]
