from collections.abc import Iterator

import pytest

from notifications.services import queued_sending


@pytest.fixture(autouse=True)
def _look_for_queued_sending() -> Iterator[None]:
    """Each test starts with an empty task table: what an earlier test queued is gone."""
    queued_sending.forget()
    yield
    queued_sending.forget()
