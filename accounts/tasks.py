"""Background work of the accounts context; run by `manage.py db_worker`."""

from django_tasks import task

from accounts.models import User
from accounts.services import send_welcome_email_now


@task()
def send_welcome_email(user_id: int) -> bool:
    """Send the welcome e-mail; False when the account no longer exists."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    send_welcome_email_now(user)
    return True
