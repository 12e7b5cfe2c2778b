"""The administrator sees the outbox, read only, and puts failed e-mails back in line."""

import pytest
from django.urls import reverse

from accounts.models import User
from notifications.models import OutgoingEmail
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_failed_emails_are_listed_and_can_be_retried(
    client_for, administrator: User, clock, django_capture_on_commit_callbacks
) -> None:
    failed = OutgoingEmail.objects.create(
        to="failed@example.nl",
        subject="Nieuwe verwijzing",
        body="x",
        status=OutgoingEmail.Status.FAILED,
        attempts=7,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    client = client_for(administrator)
    changelist = reverse("admin:notifications_outgoingemail_changelist")

    page = client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert "failed@example.nl" in page.content.decode()
    detail = client.get(reverse("admin:notifications_outgoingemail_change", args=[failed.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # read only

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            changelist, {"action": "retry", "_selected_action": [failed.pk]}, follow=True
        )

    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.PENDING
    assert failed.next_attempt_at == clock.now()
    assert len(callbacks) == 1  # the sending is queued


def test_others_do_not_see_the_outbox(client_for, gp: User) -> None:
    response = client_for(gp).get(reverse("admin:notifications_outgoingemail_changelist"))
    assert response.status_code == 302  # to the admin's login


def test_an_email_waiting_to_be_rendered_shows_its_notifications_title(
    client_for, administrator: User, gp: User
) -> None:
    notify([gp], kind="test", title="Verwijzing VW-000007 is geaccepteerd")
    page = client_for(administrator).get(reverse("admin:notifications_outgoingemail_changelist"))
    assert page.status_code == 200
    assert "Verwijzing VW-000007 is geaccepteerd" in page.content.decode()
