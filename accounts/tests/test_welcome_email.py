import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.models import Organization, Role, User
from accounts.services import do_invite_professional

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_invitation_is_mailed_by_the_background_worker(social_team: Organization) -> None:
    user = do_invite_professional(
        email="nieuw@example.nl",
        first_name="Noor",
        last_name="Bakker",
        organization=social_team,
        role=Role.SOCIAL_WORKER,
    )
    assert not user.has_usable_password()
    assert mail.outbox == []  # nothing is sent inside the request
    assert DBTaskResult.objects.filter(task_path="accounts.tasks.send_welcome_email").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.nl"]
    assert message.subject == "Welkom bij ontschot"
    assert "Sociaal Wijkteam West" in message.body
    assert "/account/password/reset/key/" in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_invitation_sends_nothing(social_team: Organization, social_worker: User) -> None:
    with pytest.raises(Exception):  # noqa: B017 - the duplicate e-mail violates a unique constraint
        do_invite_professional(
            email=social_worker.email,
            first_name="X",
            last_name="Y",
            organization=social_team,
            role=Role.SOCIAL_WORKER,
        )
    assert DBTaskResult.objects.count() == 0


def test_the_task_skips_an_account_that_is_gone(social_team: Organization) -> None:
    from accounts.tasks import send_welcome_email

    send_welcome_email.enqueue(user_id=999999)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)

    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
