import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken

from accounts.models import User
from conftest import TOTP_SECRET
from core import crypto


def test_it_round_trips_and_never_stores_the_clear_text() -> None:
    token = crypto.encrypt("123456789")
    assert "123456789" not in token
    assert crypto.decrypt(token) == "123456789"


def test_old_keys_still_decrypt_after_rotation(settings) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    token = crypto.encrypt("geheim")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "geheim"
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)


@pytest.mark.django_db
def test_totp_secrets_are_stored_encrypted(gp: User) -> None:
    stored = Authenticator.objects.get(user=gp, type=Authenticator.Type.TOTP).data["secret"]
    assert stored != TOTP_SECRET
    assert crypto.decrypt(stored) == TOTP_SECRET
