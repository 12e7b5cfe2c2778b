"""Requests to the JSON API with an API key and no session cookie skip the session middleware
(core.middleware.by_api_key_alone); everything a browser session gets stays as it was (its CSRF
check on the API: accounts/tests/test_api_tokens.py)."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import services
from accounts.models import Membership, Organization, Role, User
from conftest import make_professional
from core.middleware import by_api_key_alone

pytestmark = pytest.mark.django_db


@api_view(["POST"])
def what_ran(request: Request) -> Response:
    """Which of the session middleware touched the request, and who DRF says is calling."""
    django_request = request._request
    return Response(
        {
            "session": hasattr(django_request, "session"),
            "messages": hasattr(django_request, "_messages"),
            "csrf": "CSRF_COOKIE" in django_request.META,
            "user": request.user.email if request.user.is_authenticated else None,
        }
    )


urlpatterns = [path("api/v1/test-what-ran", what_ran), path("", include("ontschot.urls"))]


def key_for(user: User, organization: Organization) -> str:
    membership = Membership.objects.get(user=user, organization=organization)
    _token, key = services.do_create_api_token(
        membership, name="HIS koppeling", expires_at=None, actor=user
    )
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    ("path", "headers", "cookies", "expected"),
    [
        ("/api/v1/referrals", {"Authorization": "Bearer ok_abc"}, {}, True),
        ("/api/v1/referrals", {"Authorization": "bearer ok_abc"}, {}, True),
        ("/api/v1/referrals", {"Authorization": "Bearer ok_abc"}, {"sessionid": "x"}, False),
        ("/api/v1/referrals", {}, {}, False),
        ("/api/v1/referrals", {"Authorization": "Basic dXNlcjpwdw=="}, {}, False),
        ("/verwijzingen/", {"Authorization": "Bearer ok_abc"}, {}, False),
        ("/hsds/services", {"Authorization": "Bearer ok_abc"}, {}, False),
    ],
)
def test_only_api_requests_with_a_key_and_without_a_session_cookie_skip(
    path: str, headers: dict[str, str], cookies: dict[str, str], expected: bool
) -> None:
    request = RequestFactory().get(path, headers=headers)
    request.COOKIES.update(
        {settings.SESSION_COOKIE_NAME if k == "sessionid" else k: v for k, v in cookies.items()}
    )
    assert by_api_key_alone(request) is expected


@pytest.mark.urls(__name__)
def test_a_key_request_works_without_session_csrf_or_messages(
    social_worker: User, social_team: Organization
) -> None:
    key = key_for(social_worker, social_team)

    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/test-what-ran", {}, content_type="application/json", headers=bearer(key)
    )

    assert response.status_code == 200
    assert response.json() == {
        "session": False,
        "messages": False,
        "csrf": False,
        "user": social_worker.email,
    }
    assert not response.cookies  # no session or CSRF cookie handed out


@pytest.mark.urls(__name__)
def test_a_key_request_with_a_session_cookie_goes_through_the_session_middleware(
    social_worker: User, social_team: Organization
) -> None:
    key = key_for(social_worker, social_team)
    client = Client()
    client.force_login(social_worker)

    response = client.post(
        "/api/v1/test-what-ran", {}, content_type="application/json", headers=bearer(key)
    )

    assert response.status_code == 200
    assert response.json()["session"] is True
    assert response.json()["messages"] is True


def test_a_browser_session_without_two_factor_is_sent_to_set_it_up_even_with_a_key(
    social_team: Organization,
) -> None:
    # A key does not excuse the session it comes with: the session's user still needs 2FA.
    with_key = make_professional(
        "key@example.nl", "Sleutel", [(social_team, Role.SOCIAL_WORKER)], totp=True
    )
    key = key_for(with_key, social_team)
    without_totp = make_professional(
        "new@example.nl", "Nieuw", [(social_team, Role.SOCIAL_WORKER)], totp=False
    )
    client = Client()
    client.force_login(without_totp)

    for headers in ({}, bearer(key)):
        response = client.get("/api/v1/referrals", headers=headers)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_a_key_request_keeps_the_security_headers(
    social_worker: User, social_team: Organization
) -> None:
    key = key_for(social_worker, social_team)

    response = Client().get("/api/v1/referrals", headers=bearer(key))

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Content-Language"] == "nl"


def test_a_wrong_key_without_a_session_is_still_refused(client: Client) -> None:
    response = client.get("/api/v1/referrals", headers=bearer("ok_not-a-real-key"))
    assert response.status_code == 401
