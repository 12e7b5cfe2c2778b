"""Encryption of secrets at rest (TOTP keys now; the BSN later), with key rotation.

FIELD_ENCRYPTION_KEYS holds one or more Fernet keys, newest first: data is encrypted with the
first and decrypted with any, so a key can be rotated without a big-bang re-encryption.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _keys() -> tuple[str, ...]:
    if settings.FIELD_ENCRYPTION_KEYS:
        return tuple(settings.FIELD_ENCRYPTION_KEYS)
    # Development only (the production guard requires real keys): derived from SECRET_KEY.
    digest = hashlib.sha256(b"ontschot-field-encryption:" + settings.SECRET_KEY.encode()).digest()
    return (base64.urlsafe_b64encode(digest).decode(),)


def encrypt(text: str) -> str:
    return _fernet(_keys()).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(_keys()).decrypt(token.encode()).decode()
