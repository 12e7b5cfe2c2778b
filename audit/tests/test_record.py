"""Writing entries: the chain, the snapshots, the caller's transaction."""

import itertools

import pytest
from django.db import connection, transaction

from accounts.models import Organization, User
from audit import services
from audit.chain import CHAINED_COLUMNS, GENESIS, INT_COLUMNS, canonical_line, entry_hash, format_at
from audit.models import ActorKind, AuditEntry
from audit.tests.helpers import log

pytestmark = [pytest.mark.django_db, pytest.mark.parity]


def test_it_chains_every_entry_to_the_one_before() -> None:
    entries = log(300)

    stored = list(AuditEntry.objects.order_by("id"))
    assert [entry.id for entry in stored] == list(range(1, 301))
    assert stored[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(stored):
        assert after.prev_hash == before.hash
    for entry in stored:
        values = [getattr(entry, column) for column in CHAINED_COLUMNS]
        assert entry.hash == entry_hash(values)
    assert len({entry.hash for entry in stored}) == 300
    assert stored[-1].hash == entries[-1].hash


def test_the_hash_covers_every_field() -> None:
    (entry,) = log()
    values = [getattr(entry, column) for column in CHAINED_COLUMNS]
    for index, column in enumerate(CHAINED_COLUMNS):
        changed = list(values)
        if column == "at":
            changed[index] = entry.at.replace(microsecond=(entry.at.microsecond + 1) % 1_000_000)
        elif column in ("records", "categories"):
            changed[index] = [*values[index], "x:1"]
        elif column in INT_COLUMNS:
            changed[index] = (values[index] or 0) + 1
        else:
            changed[index] = f"{values[index] or ''}x"
        assert entry_hash(changed) != entry.hash, column


def test_the_canonical_line_is_unambiguous() -> None:
    (entry,) = log(reason="a\tb")
    values = [getattr(entry, column) for column in CHAINED_COLUMNS]
    shifted = list(values)
    shifted[CHAINED_COLUMNS.index("basis")] = values[CHAINED_COLUMNS.index("basis")] + "\ta"
    shifted[CHAINED_COLUMNS.index("reason")] = "b"
    assert canonical_line(shifted) != canonical_line(values)
    nulls = list(values)
    nulls[CHAINED_COLUMNS.index("actor_name")] = "\\N"
    assert canonical_line(nulls) != canonical_line([*values[:3], None, *values[4:]])


def test_it_snapshots_who_acted_for_which_organisation(gp: User, gp_practice: Organization) -> None:
    (entry,) = log(actor=gp, organization=gp_practice, channel="page")
    gp.delete()

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_id is not None
    assert entry.actor_name == "Anouk Test"
    assert entry.actor_kind == ActorKind.PROFESSIONAL
    assert entry.organization_id == gp_practice.pk
    assert entry.organization_name == "Huisartsenpraktijk De Linde"


def test_a_system_task_has_no_actor() -> None:
    (entry,) = log()
    assert (entry.actor_id, entry.actor_name, entry.actor_kind) == (None, "", ActorKind.SYSTEM)
    assert (entry.organization_id, entry.organization_name) == (None, "")


@pytest.mark.parametrize(
    "bad",
    [
        {"purpose": "curiosity"},
        {"action": "peek"},
        {"outcome": "maybe"},
        {"channel": "fax"},
        {"categories": ["everything"]},
        {"records": ["Referral 12"]},
        {"records": ['referral:1"]']},
    ],
)
def test_it_refuses_values_outside_the_vocabulary(bad: dict) -> None:
    with pytest.raises(ValueError, match=r"audit\.record"):
        log(**bad)
    assert not AuditEntry.objects.exists()


def test_an_entry_rolls_back_with_the_callers_action_and_leaves_no_gap() -> None:
    log(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        log()
        raise RuntimeError("the action failed")
    (entry,) = log()

    assert entry.id == 3
    assert entry.prev_hash == AuditEntry.objects.get(id=2).hash
    assert services.verify_chain().ok


def test_it_writes_in_its_own_transaction_outside_one() -> None:
    assert connection.in_atomic_block  # the test's own transaction
    (entry,) = log()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_timestamps_are_written_in_utc_with_trimmed_microseconds() -> None:
    (entry,) = log()
    text = format_at(entry.at)
    assert text.endswith("+00")
    assert "." not in text or not text[:-3].endswith("0")
