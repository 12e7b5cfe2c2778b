import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/account/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_contain_no_inline_script(client_for, gp) -> None:
    body = client_for(gp).get("/werkplek/").content.decode()
    assert "<script>" not in body
    assert " onclick=" not in body
    assert body.count("<script") == 1  # htmx, from our own origin


def test_the_other_security_headers_are_set(client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_health_check_answers(client: Client) -> None:
    assert client.get("/gezond/").json() == {"status": "ok"}
