"""The embedded path: `make test` runs these on SQLite (pytest -m smoke) after the PostgreSQL run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_the_demo_region_runs_on_the_embedded_database() -> None:
    call_command("seed_demo", stdout=StringIO())
    client = Client()

    assert client.get("/").status_code == 200
    response = client.post(
        "/account/login/",
        {"login": "inwoner@demo.ontschot.nl", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/mijn/"
    assert "Mijn pagina" in response.content.decode()
    assert "Mijn huishouden" in response.content.decode()


def test_it_really_is_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the smoke run is for the embedded database")
    assert connection.vendor == "sqlite"
