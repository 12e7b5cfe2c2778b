import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Organization, Role, SecurityEvent
from accounts.services import has_totp
from conftest import PASSWORD, make_professional

pytestmark = pytest.mark.django_db


def test_a_professional_without_totp_can_only_set_it_up(
    client: Client, social_team: Organization
) -> None:
    user = make_professional(
        "new@example.nl", "Nieuw", [(social_team, Role.SOCIAL_WORKER)], totp=False
    )
    client.force_login(user)

    response = client.get(reverse("workspace"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_setting_up_totp_opens_the_workspace(
    client: Client, social_team: Organization, django_capture_on_commit_callbacks
) -> None:
    user = make_professional(
        "new@example.nl", "Nieuw", [(social_team, Role.SOCIAL_WORKER)], totp=False
    )
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[1][0] == reverse("mfa_activate_totp")
    assert "Professionals moeten inloggen in twee stappen." in response.content.decode()
    # allauth asks for the password once more before an authenticator is added.
    page = client.post(reverse("account_reauthenticate"), {"password": PASSWORD}, follow=True)
    secret = page.context["form"].secret

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    assert has_totp(user)
    assert client.get(reverse("workspace")).status_code == 200
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEvent.Kind.TOTP_ENABLED).exists()


def test_a_wrong_code_while_setting_up_totp_is_refused(
    client: Client, social_team: Organization
) -> None:
    user = make_professional(
        "new@example.nl", "Nieuw", [(social_team, Role.SOCIAL_WORKER)], totp=False
    )
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "12345"})

    assert response.status_code == 200
    assert not has_totp(user)
    assert "Onjuiste code" in response.content.decode()


def test_the_requirement_can_be_switched_off_for_development(
    client: Client, social_team: Organization, settings
) -> None:
    settings.REQUIRE_2FA = False
    user = make_professional(
        "new@example.nl", "Nieuw", [(social_team, Role.SOCIAL_WORKER)], totp=False
    )
    client.force_login(user)

    response = client.get(reverse("workspace"))

    assert response.status_code == 200
    assert "U gebruikt nog geen inloggen in twee stappen." in response.content.decode()


def test_residents_do_not_need_totp(client: Client, resident_user) -> None:
    client.force_login(resident_user)
    assert client.get(reverse("residents:portal")).status_code == 200


def test_an_htmx_request_is_redirected_with_a_header(
    client: Client, social_team: Organization
) -> None:
    user = make_professional(
        "new@example.nl", "Nieuw", [(social_team, Role.SOCIAL_WORKER)], totp=False
    )
    client.force_login(user)

    response = client.get(reverse("geo:postcode"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("mfa_activate_totp")
