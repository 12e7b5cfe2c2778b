import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_the_designed_404_in_dutch(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert 'class="utrecht-skip-link' in body


def test_the_404_page_follows_the_language_switch(client: Client) -> None:
    client.post("/taal/", {"language": "en", "next": "/"})
    assert "Page not found" in client.get("/bestaat-niet/").content.decode()


@pytest.mark.urls("core.tests.urls_boom")
def test_a_crash_gets_the_designed_500_without_a_stack_trace() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "secret internals" not in body
    assert "Traceback" not in body


def test_a_form_without_csrf_token_gets_a_clear_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"login": "a@b.nl", "password": "x"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()
