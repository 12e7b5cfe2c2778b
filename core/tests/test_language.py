import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_even_for_an_english_browser(client: Client) -> None:
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response["Content-Language"] == "nl"
    assert 'lang="nl"' in response.content.decode()


def test_the_switch_changes_the_language_and_comes_back(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/account/login/"})
    assert response["Location"] == "/account/login/"
    body = client.get("/account/login/").content.decode()
    assert 'lang="en"' in body
    assert "Log in" in body


def test_the_switch_refuses_to_redirect_elsewhere(client: Client) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_account_remembers_its_language_on_another_device(
    client: Client, resident_user: User
) -> None:
    client.force_login(resident_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/mijn/"})
    resident_user.refresh_from_db()
    assert resident_user.preferred_language == "en"

    other_device = Client()
    other_device.force_login(resident_user)
    assert "My page" in other_device.get("/mijn/").content.decode()
