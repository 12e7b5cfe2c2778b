import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent, User
from conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"
MFA = "/account/2fa/authenticate/"


def post_login(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_it_stores_passwords_with_argon2(gp: User) -> None:
    assert gp.password.startswith("argon2")


def test_it_shows_the_login_page_in_dutch(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
    assert "Inloggen" in response.content.decode()


def test_a_resident_logs_in_with_a_password_and_lands_on_their_page(
    client: Client, resident_user: User
) -> None:
    response = post_login(client, resident_user.email)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("residents:portal")
    assert "Mijn pagina" in response.content.decode()


def test_a_professional_must_enter_a_totp_code_after_the_password(client: Client, gp: User) -> None:
    response = post_login(client, gp.email)
    assert response["Location"] == MFA
    # The password alone does not open the workspace.
    assert client.get(reverse("workspace"))["Location"].startswith(reverse("account_login"))

    response = client.post(MFA, {"code": totp_code()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspace")
    assert "Huisartsenpraktijk De Linde" in response.content.decode()


def test_a_wrong_totp_code_gets_its_own_message(client: Client, gp: User) -> None:
    post_login(client, gp.email)
    response = client.post(MFA, {"code": "000000" if totp_code() != "000000" else "111111"})
    assert response.status_code == 200
    assert "Onjuiste code" in response.content.decode()


def test_a_wrong_password_gets_a_clear_message_and_is_recorded(client: Client, gp: User) -> None:
    response = post_login(client, gp.email, "wrong-password")
    assert response.status_code == 200
    assert "Het e-mailadres of wachtwoord is niet juist." in response.content.decode()
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.LOGIN_FAILED, email_attempted=gp.email
        ).count()
        == 1
    )


def test_an_empty_form_gets_a_message_next_to_each_field(client: Client) -> None:
    response = client.post(LOGIN, {"login": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("utrecht-form-field-error-message") == 2
    assert "Dit veld is verplicht." in body


def test_it_locks_the_account_after_five_failed_logins(client: Client, resident_user: User) -> None:
    for _attempt in range(5):
        post_login(client, resident_user.email, "wrong-password")

    response = post_login(client, resident_user.email)  # the right password, too late

    body = response.content.decode()
    assert response.status_code == 200
    assert "tijdelijk geblokkeerd" in body
    assert "Wacht 15 minuten" in body
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT).count() == 1


def test_the_lock_out_is_per_account(
    client: Client, resident_user: User, other_resident: User
) -> None:
    for _attempt in range(5):
        post_login(client, resident_user.email, "wrong-password")

    response = post_login(client, other_resident.email)

    assert response.status_code == 302


def test_a_deactivated_account_gets_its_own_message(client: Client, resident_user: User) -> None:
    resident_user.is_active = False
    resident_user.save()
    response = post_login(client, resident_user.email)
    body = (
        client.get(response["Location"]).content.decode()
        if response.status_code == 302
        else response.content.decode()
    )
    assert "Dit account is niet actief" in body


def test_nobody_can_sign_up_on_their_own(client: Client) -> None:
    response = client.get("/account/signup/")
    assert "Aanmelden is gesloten" in response.content.decode()


def test_logging_out_needs_a_post_and_is_recorded(client: Client, resident_user: User) -> None:
    post_login(client, resident_user.email)
    assert client.get("/account/logout/").status_code == 200  # a confirmation page, not a logout
    assert "_auth_user_id" in client.session
    client.post("/account/logout/")
    assert "_auth_user_id" not in client.session
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {SecurityEvent.Kind.LOGIN, SecurityEvent.Kind.LOGOUT} <= kinds
