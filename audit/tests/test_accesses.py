"""The resident's "who looked at my data": others' allowed accesses, newest first, page by page."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organization, User
from audit import services
from audit.tests.helpers import log

pytestmark = [pytest.mark.django_db, pytest.mark.parity]


def test_it_lists_others_allowed_accesses_newest_first(
    gp: User, gp_practice: Organization, resident_user: User
) -> None:
    mine = resident_user.resident.pk
    first = log(actor=gp, organization=gp_practice, resident_id=mine, channel="page")[0]
    log(actor=gp, organization=gp_practice, resident_id=mine, outcome="denied", basis="")
    log(actor=resident_user, resident_id=mine, purpose="own_data", basis="own_data")
    log(actor=gp, organization=gp_practice, resident_id=mine + 1000)
    last = log(resident_id=mine, purpose="administration", basis="retention")[0]

    assert [entry.id for entry in services.accesses_of(mine)] == [last.id, first.id]


def test_it_pages_by_time_and_id_also_when_times_are_equal(monkeypatch) -> None:
    start = timezone.now()
    moments = iter(
        [start, start, start + datetime.timedelta(seconds=1)] * 1
        + [start + datetime.timedelta(seconds=2)] * 4
    )
    monkeypatch.setattr(services.timezone, "now", lambda: next(moments))
    entries = log(7, resident_id=5)
    newest_first = [entry.id for entry in sorted(entries, key=lambda e: (e.at, e.id), reverse=True)]

    pages: list[list[int]] = []
    before = None
    while True:
        page = services.accesses_of(5, limit=2, before=before)
        if not page:
            break
        pages.append([entry.id for entry in page])
        before = (page[-1].at, page[-1].id)
    assert [entry_id for page in pages for entry_id in page] == newest_first
    assert newest_first == [7, 6, 5, 4, 3, 2, 1]
    assert pages == [[7, 6], [5, 4], [3, 2], [1]]
