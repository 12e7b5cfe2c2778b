import datetime

import pytest

from core import clock
from core.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_weekend_is_skipped():
    assert add_working_days(D(2026, 11, 27), 2) == D(2026, 12, 1)  # Friday + 2 = Tuesday


def test_public_holidays_are_skipped():
    # Christmas 2026 falls on Friday and Saturday: Thursday 24 + 1 working day is Monday 28.
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert not is_working_day(D(2026, 4, 27))  # King's Day
    assert not is_working_day(D(2026, 5, 14))  # Ascension Day
    assert is_working_day(D(2026, 5, 15))


def test_starting_on_a_holiday_counts_from_the_next_working_day():
    assert add_working_days(D(2027, 1, 1), 1) == D(2027, 1, 4)


def test_zero_and_negative():
    assert add_working_days(D(2026, 11, 28), 0) == D(2026, 11, 28)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 28), -1)


def test_working_days_between():
    assert working_days_between(D(2026, 11, 27), D(2026, 12, 1)) == 2
    assert working_days_between(D(2026, 12, 1), D(2026, 11, 27)) == 0


def test_clock_can_be_frozen_and_moved():
    try:
        clock.freeze(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC))
        assert clock.today() == D(2026, 11, 27)
        clock.advance(datetime.timedelta(days=3))
        assert clock.today() == D(2026, 11, 30)
    finally:
        clock.reset()
    assert abs((clock.now() - datetime.datetime.now(datetime.UTC)).total_seconds()) < 5
