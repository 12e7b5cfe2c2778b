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


def test_the_command_invites_and_the_worker_mails(social_team: Organization) -> None:
    from io import StringIO

    out = StringIO()
    call_command(
        "invite_professional",
        "coach@example.nl",
        "--first-name=Fatima",
        "--last-name=El Amrani",
        f"--organization={social_team.slug}",
        "--role=wellbeing_coach",
        stdout=out,
    )
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)

    assert "welcome e-mail queued" in out.getvalue()
    assert User.objects.get(email="coach@example.nl").memberships.get().role == Role.WELLBEING_COACH
    assert [m.to for m in mail.outbox] == [["coach@example.nl"]]


def test_the_command_refuses_an_unknown_organisation_or_a_taken_address(
    social_worker: User,
) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active organisation"):
        call_command(
            "invite_professional",
            "x@example.nl",
            "--first-name=X",
            "--last-name=Y",
            "--organization=nope",
            "--role=gp",
        )
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "invite_professional",
            social_worker.email,
            "--first-name=X",
            "--last-name=Y",
            f"--organization={social_worker.memberships.get().organization.slug}",
            "--role=gp",
        )
    assert mail.outbox == []


def test_the_admin_action_queues_welcome_emails(
    client_for, administrator: User, social_worker: User
) -> None:
    client = client_for(administrator)
    response = client.post(
        "/beheer/accounts/user/",
        {"action": "send_welcome", "_selected_action": [social_worker.pk]},
        follow=True,
    )
    assert "1 welkomstmail klaargezet." in response.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=None)
    assert [m.to for m in mail.outbox] == [[social_worker.email]]
