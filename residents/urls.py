from django.urls import path

from residents import views

app_name = "residents"
urlpatterns = [
    path("mijn/", views.portal, name="portal"),
    path("inwoners/", views.find, name="find"),
    path("inwoners/nieuw/", views.register, name="register"),
    path("inwoners/<int:resident_id>/", views.resident_file, name="file"),
    path("inwoners/<int:resident_id>/zorgteam/", views.join_care_team, name="join_care_team"),
    path(
        "inwoners/<int:resident_id>/huishouden/",
        views.add_household_member,
        name="add_household_member",
    ),
    path(
        "inwoners/<int:resident_id>/huishouden/<int:membership_id>/verhuisd/",
        views.end_household_membership,
        name="end_household_membership",
    ),
    path(
        "inwoners/<int:resident_id>/vertegenwoordiger/",
        views.add_representative,
        name="add_representative",
    ),
    path(
        "inwoners/<int:resident_id>/zorgteam/<int:member_id>/stoppen/",
        views.leave_care_team,
        name="leave_care_team",
    ),
]
