"""The PostgreSQL backend leaves out the health check only for a connection used a moment ago."""

from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from core.db.postgresql.base import RECENT_SECONDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def own() -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own, outside the test's transaction, as a web process keeps one."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("the health check belongs to the PostgreSQL backend")
    wrapper = connections.create_connection("default")
    assert wrapper.settings_dict["CONN_HEALTH_CHECKS"]
    query(wrapper)
    yield wrapper
    wrapper.close()


def query(wrapper: BaseDatabaseWrapper) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")


def checks_at_next_request(wrapper: BaseDatabaseWrapper) -> int:
    """How often the connection is checked when a request starts and runs a query."""
    with mock.patch.object(wrapper, "is_usable", wraps=wrapper.is_usable) as is_usable:
        wrapper.close_if_unusable_or_obsolete()  # what Django does when a request starts
        query(wrapper)
    return is_usable.call_count


def test_a_connection_used_a_moment_ago_is_not_checked_again(own) -> None:
    assert checks_at_next_request(own) == 0


def test_a_connection_idle_for_longer_is_checked_before_its_first_query(own) -> None:
    own.used_at -= RECENT_SECONDS + 1

    assert checks_at_next_request(own) == 1


def test_a_connection_that_had_an_error_is_checked(own) -> None:
    own.errors_occurred = True

    assert checks_at_next_request(own) == 1


def test_a_connection_the_server_dropped_is_replaced_once_it_has_been_idle(own) -> None:
    dropped = own.connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    own.used_at -= RECENT_SECONDS + 1

    own.close_if_unusable_or_obsolete()
    query(own)  # no error: the check found the dead connection, and a new one answers

    assert own.connection.info.backend_pid != dropped
