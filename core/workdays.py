"""Working days: Monday to Friday, without the Dutch public holidays.

Response times between organisations ("received within 2 working days") count these. The list of
public holidays comes from the maintained `holidays` package (its Netherlands calendar: New
Year, Good Friday, Easter, King's Day, Liberation Day in lustrum years, Ascension, Whitsun,
Christmas).
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (`day` itself need not be one).

    Something received on Friday with 2 working days to answer is due on Tuesday.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    while count > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end <= start)."""
    days = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            days += 1
    return days
