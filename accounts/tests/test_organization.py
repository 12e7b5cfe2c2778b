import pytest
from django.urls import reverse

from accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def test_a_provider_editor_updates_the_contact_details(
    client_for, editor: User, welfare: Organization
) -> None:
    client = client_for(editor)
    response = client.post(
        reverse("organization_edit"),
        {
            "email": "wor@welzijn.example",
            "phone": "043 321 80 80",
            "website": "https://welzijn.example",
            "description": "Welzijn op Recept",
        },
        follow=True,
    )
    welfare.refresh_from_db()
    assert welfare.phone == "043 321 80 80"
    assert welfare.email == "wor@welzijn.example"
    assert "De contactgegevens zijn opgeslagen." in response.content.decode()


def test_bad_input_gets_a_message_next_to_the_field_and_saves_nothing(
    client_for, editor: User, welfare: Organization
) -> None:
    response = client_for(editor).post(
        reverse("organization_edit"),
        {"email": "not-an-address", "phone": "12", "website": "welzijn", "description": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in body
    assert "Voer een telefoonnummer van 10 cijfers in" in body
    assert "Voer een geldige URL in." in body
    assert 'aria-invalid="true"' in body
    welfare.refresh_from_db()
    assert welfare.email == ""


def test_a_social_worker_cannot_edit_the_organisation(client_for, social_worker: User) -> None:
    assert client_for(social_worker).get(reverse("organization_edit")).status_code == 403


def test_colleagues_are_listed_on_the_organisation_page(
    client_for, social_worker: User, two_hats: User
) -> None:
    response = client_for(social_worker).get(reverse("organization"))
    assert "Marloes Test" in response.content.decode()
