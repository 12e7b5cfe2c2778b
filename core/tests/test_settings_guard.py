"""The settings refuse to start in production with DEBUG on or an unsafe secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "ontschot.example"
DB = "postgres://postgres@127.0.0.1:5432/ontschot"
SITE = "https://ontschot.example"
FERNET_KEY = "x0m6G0u6S4x4m3dD2ExG8q2h4bZ0nYb8Jx2sT5c7v9k="
GOOD_KEY = "k3J9-vQ2x!r8Lz0pW5sN7mB1cY4tH6fD2gA9eU3iO8uP0qR5wE7yT1"


def start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ONTSCHOT_ENV",
            "ALLOWED_HOSTS",
            "FIELD_ENCRYPTION_KEYS",
            "DATABASE_URL",
            "SITE_BASE_URL",
        }
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "ontschot.settings"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY is missing or unsafe"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is missing or unsafe"),
        ({"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "SECRET_KEY is missing or unsafe"),
        (
            {"SECRET_KEY": GOOD_KEY, "DEBUG": "true", "ALLOWED_HOSTS": "ontschot.example"},
            "DEBUG must be off",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must be set"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": HOST}, "DATABASE_URL must point"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": HOST, "DATABASE_URL": DB}, "SITE_BASE_URL"),
        (
            {
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": HOST,
                "DATABASE_URL": DB,
                "SITE_BASE_URL": SITE,
            },
            "FIELD_ENCRYPTION_KEYS must be set",
        ),
        ({"ONTSCHOT_ENV": "staging"}, "ONTSCHOT_ENV must be"),
    ],
)
def test_production_refuses_unsafe_settings(env: dict[str, str], message: str) -> None:
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_safe_settings_and_secure_cookies() -> None:
    result = start(
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="ontschot.example",
        DATABASE_URL=DB,
        SITE_BASE_URL=SITE,
        FIELD_ENCRYPTION_KEYS=FERNET_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000"]


def test_development_mode_starts_without_a_secret() -> None:
    result = start(ONTSCHOT_ENV="development")
    assert result.returncode == 0, result.stderr
