"""Each role sees its own landing page and navigation, and nothing it may not use."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role, User
from accounts.permissions import ROLE_CAPABILITIES, Capability, capabilities_of

pytestmark = pytest.mark.django_db


def nav_labels(client: Client) -> list[str]:
    response = client.get(reverse("home"), follow=True)
    return [str(item["label"]) for item in response.context["navigation"]]


def test_every_role_has_a_landing_page() -> None:
    for role in Role:
        assert Capability.WORKSPACE in ROLE_CAPABILITIES[role], role


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("workspace"))
    assert response["Location"] == reverse("account_login") + "?next=/werkplek/"


def test_the_front_page_is_public(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


def test_a_gp_lands_on_the_workspace_with_care_navigation(client_for, gp: User) -> None:
    client = client_for(gp)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspace")
    assert "U werkt als huisarts voor Huisartsenpraktijk De Linde." in response.content.decode()
    assert nav_labels(client) == [
        "Start",
        "Inwoners",
        "Verwijzingen",
        "Sociale kaart",
        "Postcode opzoeken",
        "Mijn organisatie",
    ]


def test_a_resident_lands_on_their_own_page(client_for, resident_user: User) -> None:
    client = client_for(resident_user)
    assert nav_labels(client) == ["Mijn pagina", "Sociale kaart"]
    assert client.get(reverse("workspace")).status_code == 403


def test_a_professional_cannot_open_the_resident_portal(client_for, gp: User) -> None:
    response = client_for(gp).get(reverse("residents:portal"))
    assert response.status_code == 403
    assert "U heeft geen toegang tot deze pagina" in response.content.decode()


def test_only_the_analyst_sees_region_figures(client_for, analyst: User, gp: User) -> None:
    assert client_for(gp).get(reverse("geo:region")).status_code == 403
    client = client_for(analyst)
    response = client.get(reverse("geo:region"))
    assert response.status_code == 200
    assert "Wijk 00 Centrum" not in response.content.decode()  # CBS prefix dropped for readers
    assert "Centrum" in response.content.decode()
    assert "Regio in cijfers" in nav_labels(client)


def test_only_the_privacy_officer_sees_login_security(
    client_for, privacy_officer: User, gp: User
) -> None:
    assert client_for(gp).get(reverse("security_events")).status_code == 403
    assert client_for(privacy_officer).get(reverse("security_events")).status_code == 200


def test_only_the_administrator_reaches_the_admin_site(
    client_for, administrator: User, gp: User
) -> None:
    gp.is_staff = True  # staff flag alone is not enough: the role decides
    gp.save()
    assert client_for(gp).get("/beheer/").status_code == 302
    assert client_for(administrator).get("/beheer/").status_code == 200
    assert client_for(administrator).get("/beheer/accounts/organization/").status_code == 200


def test_the_admin_has_no_login_form_of_its_own(client: Client) -> None:
    response = client.get("/beheer/login/?next=/beheer/")
    assert response["Location"] == reverse("account_login") + "?next=/beheer/"


def test_navigation_follows_the_role_everywhere(client_for, editor: User) -> None:
    assert nav_labels(client_for(editor)) == [
        "Start",
        "Sociale kaart",
        "Ons aanbod",
        "Mijn organisatie",
    ]


def test_a_person_in_two_organisations_acts_for_one_at_a_time(client_for, two_hats: User) -> None:
    client = client_for(two_hats)
    first, second = Membership.objects.filter(user=two_hats).order_by("organization__name", "role")
    assert first.role == Role.SOCIAL_WORKER  # Sociaal Wijkteam West sorts before Welzijn Maastricht
    assert client.get(reverse("organization_edit")).status_code == 403

    response = client.post(reverse("switch_membership"), {"membership": second.pk}, follow=True)

    assert (
        "U werkt nu als aanbiedersredacteur voor Welzijn Maastricht." in response.content.decode()
    )
    assert client.get(reverse("organization_edit")).status_code == 200
    assert client.get(reverse("geo:postcode")).status_code == 403


def test_nobody_can_act_for_someone_elses_membership(client_for, gp: User, two_hats: User) -> None:
    foreign = Membership.objects.filter(user=two_hats)[0]
    client = client_for(gp)
    response = client.post(reverse("switch_membership"), {"membership": foreign.pk}, follow=True)
    assert "U kunt niet namens die organisatie werken." in response.content.decode()
    assert response.context["membership"].user == gp


def test_a_professional_without_membership_gets_an_explanation(client_for, geography) -> None:
    from conftest import make_professional

    loner = make_professional("loner@example.nl", "Eenling", [])
    response = client_for(loner).get(reverse("home"))
    assert response.status_code == 403
    assert "nog geen rol" in response.content.decode()


def test_an_inactive_membership_gives_no_capabilities(gp: User) -> None:
    membership = gp.memberships.get()
    membership.is_active = False
    membership.save()
    assert capabilities_of(gp, membership) == frozenset()


def test_a_deactivated_organisation_gives_no_capabilities(gp: User) -> None:
    membership = gp.memberships.get()
    membership.organization.is_active = False
    membership.organization.save()
    assert capabilities_of(gp, membership) == frozenset()
