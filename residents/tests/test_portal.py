import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_resident_sees_their_own_details_and_household(client_for, resident_user: User) -> None:
    body = client_for(resident_user).get(reverse("residents:portal")).content.decode()
    assert "Maria Smeets" in body
    assert "Jan Smeets" in body
    assert "2 april 1958" in body


def test_a_resident_never_sees_another_resident(
    client_for, resident_user: User, other_resident: User
) -> None:
    body = client_for(other_resident).get(reverse("residents:portal")).content.decode()
    assert "Kees Peters" in body
    assert "Smeets" not in body


def test_a_resident_account_without_a_record_gets_an_explanation(client_for, geography) -> None:
    user = User.objects.create_user(email="los@example.nl", password="x" * 16, kind="resident")
    body = client_for(user).get(reverse("residents:portal")).content.decode()
    assert "nog niet gekoppeld" in body
