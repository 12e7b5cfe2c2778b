import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import SecurityEvent, User

pytestmark = pytest.mark.django_db


def test_an_idle_session_expires_with_its_own_message(client: Client, gp: User, settings) -> None:
    client.force_login(gp)
    client.get(reverse("workspace"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()

    response = client.get(reverse("workspace"), follow=True)

    assert response.redirect_chain[0][0] == reverse("account_login") + "?next=%2Fwerkplek%2F"
    assert "Uw sessie is verlopen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(user=gp, kind=SecurityEvent.Kind.SESSION_EXPIRED).exists()


def test_an_active_session_stays(client: Client, gp: User, settings) -> None:
    client.force_login(gp)
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - settings.SESSION_IDLE_MINUTES * 60 + 60
    session.save()

    assert client.get(reverse("workspace")).status_code == 200


def test_session_cookies_end_with_the_browser_and_are_http_only(
    client: Client, gp: User, settings
) -> None:
    client.force_login(gp)
    response = client.get(reverse("workspace"))
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY
    assert response.status_code == 200


def test_a_session_ends_after_the_maximum_hours_even_when_active(
    client: Client, gp: User, settings
) -> None:
    from accounts.middleware import LOGIN_AT_KEY

    client.force_login(gp)
    client.get(reverse("workspace"))
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 5
    session[LAST_ACTIVITY_KEY] = time.time()
    session.save()

    response = client.get(reverse("workspace"), follow=True)

    assert "Uw sessie is beëindigd" in response.content.decode()
    assert "_auth_user_id" not in client.session
