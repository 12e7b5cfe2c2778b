"""Writers in separate connections and transactions never fork the chain (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from audit import services
from audit.models import AuditEntry
from audit.testing import purge_audit_log
from audit.tests.helpers import log

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent writers"),
]


@pytest.fixture
def clean_log():
    yield
    purge_audit_log()  # before the flush, which may only truncate an empty log


def run_in_threads(*targets) -> list[BaseException]:
    errors: list[BaseException] = []

    def wrapped(target):
        try:
            target()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_writers_never_fork_the_chain(clean_log) -> None:
    barrier = threading.Barrier(3)

    def writer(resident_id: int):
        def write():
            barrier.wait()
            for _ in range(40):
                log(resident_id=resident_id)

        return write

    def slow_transaction():
        barrier.wait()
        for _ in range(10):
            with transaction.atomic():
                log(resident_id=3)
                time.sleep(0.005)  # holds the chain while the others wait
                log(resident_id=3)

    errors = run_in_threads(writer(1), writer(2), slow_transaction)

    assert errors == []
    assert AuditEntry.objects.count() == 100
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    assert ids == list(range(1, 101))
    assert AuditEntry.objects.values("prev_hash").distinct().count() == 100
    result = services.verify_chain()
    assert (result.ok, result.checked) == (True, 100)


def test_a_rolled_back_writer_leaves_no_gap_for_the_next(clean_log) -> None:
    holding = threading.Event()
    release = threading.Event()

    def rolls_back():
        try:
            with transaction.atomic():
                log(resident_id=1)
                holding.set()
                release.wait(10)
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass

    def waits():
        holding.wait(10)
        release.set()
        log(resident_id=2)

    errors = run_in_threads(rolls_back, waits)

    assert errors == []
    assert list(AuditEntry.objects.values_list("id", "resident_id")) == [(1, 2)]
    assert services.verify_chain().ok
