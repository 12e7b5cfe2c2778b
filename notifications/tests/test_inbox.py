"""/meldingen/: the person's own notifications, opening one, "all read", the header count and
the e-mail setting."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from notifications.models import EmailFrequency, Notification, NotificationPreference
from notifications.services import UnreadBadge, notify, unread_count

pytestmark = pytest.mark.django_db

INBOX = "/meldingen/"


def _note(user: User, title: str = "Nieuwe verwijzing", url: str = "/werkplek/") -> Notification:
    [notification] = notify([user], kind="test", title=title, body="Kijk even.", url=url)
    return notification


def test_the_address_and_names() -> None:
    assert reverse("notifications:inbox") == INBOX
    assert reverse("notifications:preferences") == "/meldingen/instellingen/"


def test_it_lists_my_notifications_newest_first_with_the_unread_marked(
    client_for, gp: User, social_worker: User, clock
) -> None:
    old = _note(gp, "Oude melding")
    clock.advance(datetime.timedelta(minutes=5))
    _note(gp, "Nieuwe melding")
    _note(social_worker, "Van iemand anders")
    Notification.objects.filter(pk=old.pk).update(read_at=clock.now())

    response = client_for(gp).get(INBOX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Nieuwe melding") < html.index("Oude melding")
    assert "Van iemand anders" not in html
    assert html.count("ontschot-badge--warning") == 2  # "new" on one item, and the header count
    assert reverse("notifications:mark_all_read") in html


def test_it_is_paginated(client_for, resident_user: User) -> None:
    for n in range(30):
        notify([resident_user], kind="test", title=f"Melding {n:02d}", email=False)

    first = client_for(resident_user).get(INBOX).content.decode()
    second = client_for(resident_user).get(INBOX, {"pagina": 2}).content.decode()
    beyond = client_for(resident_user).get(INBOX, {"pagina": "x"})

    assert "Melding 29" in first and "Melding 05" in first and "Melding 04" not in first
    assert "Melding 04" in second and "Melding 00" in second and "Melding 29" not in second
    assert '?pagina=2"' in first
    assert beyond.status_code == 200


def test_the_visitor_goes_to_the_login_page(client: Client) -> None:
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_opening_marks_it_read_and_goes_to_the_thing(client_for, gp: User, clock) -> None:
    notification = _note(gp, url="/werkplek/organisatie/")

    response = client_for(gp).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/werkplek/organisatie/"
    notification.refresh_from_db()
    assert notification.read_at == clock.now()


def test_another_users_notification_cannot_be_opened(
    client_for, gp: User, social_worker: User
) -> None:
    theirs = _note(social_worker)

    response = client_for(gp).get(reverse("notifications:open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_to_another_site_is_never_followed(client_for, gp: User) -> None:
    notification = _note(gp)
    # Written past notify(), which refuses it: straight into the table.
    Notification.objects.filter(pk=notification.pk).update(url="https://evil.example/")

    response = client_for(gp).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == INBOX


def test_a_notification_without_a_link_opens_the_list(client_for, gp: User) -> None:
    notification = _note(gp, url="")
    response = client_for(gp).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == INBOX


def test_mark_all_read(client_for, gp: User, social_worker: User) -> None:
    _note(gp)
    _note(gp)
    theirs = _note(social_worker)
    client = client_for(gp)

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert response.redirect_chain == [(INBOX, 302)]
    assert unread_count(gp) == 0
    assert unread_count(social_worker) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert reverse("notifications:mark_all_read") not in response.content.decode()


def _notification_queries(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "notifications_notification"' in q["sql"]
    ]


def test_the_header_shows_the_unread_count_at_the_cost_of_one_query(
    client_for, resident_user: User
) -> None:
    _note(resident_user)
    _note(resident_user)
    client = client_for(resident_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:preferences"))

    html = response.content.decode()
    assert f'href="{INBOX}"' in html
    assert 'ontschot-badge--warning">2<span class="ontschot-visually-hidden">' in html
    assert len(_notification_queries(queries)) == 1


def test_no_count_and_no_query_for_a_visitor(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert response.status_code == 200
    assert f'href="{INBOX}"' not in response.content.decode()
    assert _notification_queries(queries) == []


def test_the_count_stops_at_99_plus(gp: User, django_assert_num_queries) -> None:
    Notification.objects.bulk_create(
        [Notification(recipient=gp, kind="test", title=f"{n}") for n in range(120)]
    )
    badge = UnreadBadge(gp)

    with django_assert_num_queries(1):
        assert badge.count == 100
        assert badge.label == "99+"
        assert badge.count == 100  # counted once


def test_no_badge_number_without_unread(client_for, gp: User) -> None:
    html = client_for(gp).get(reverse("notifications:preferences")).content.decode()
    assert f'href="{INBOX}"' in html
    assert "ontschot-badge--warning" not in html


def _checked(html: str) -> str:
    found = re.search(r'<input type="radio" name="email" value="(\w+)"[^>]* checked', html)
    return found.group(1) if found else ""


def test_the_email_setting(client_for, resident_user: User, clock) -> None:
    client = client_for(resident_user)
    assert _checked(client.get(reverse("notifications:preferences")).content.decode()) == (
        "immediately"
    )

    response = client.post(reverse("notifications:preferences"), {"email": "daily"}, follow=True)

    assert response.redirect_chain == [(reverse("notifications:preferences"), 302)]
    assert _checked(response.content.decode()) == "daily"
    preference = NotificationPreference.objects.get(user=resident_user)
    assert preference.email == EmailFrequency.DAILY
    assert preference.last_digest_at == clock.now()


def test_a_wrong_setting_is_refused_with_a_message(client_for, resident_user: User) -> None:
    response = client_for(resident_user).post(
        reverse("notifications:preferences"), {"email": "hourly"}
    )

    assert response.status_code == 200
    assert "utrecht-form-field-error-message" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=resident_user).exists()
