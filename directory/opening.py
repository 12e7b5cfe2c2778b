"""Opening hours as people experience them: weekly periods (several a day), Dutch public
holidays, and exceptions for single dates."""

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from directory.models import Schedule, ScheduleException, Service

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@cache
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def public_holiday(day: datetime.date) -> str | None:
    """The name of the Dutch public holiday on this day, if any."""
    return _dutch_holidays(day.year).get(day)


def local_now(now: datetime.datetime | None = None) -> datetime.datetime:
    return timezone.localtime(now or timezone.now())


def open_at_filter(now: datetime.datetime | None = None) -> Q:
    """Services open at this moment, as a database filter that works on every backend."""
    moment = local_now(now)
    day, time = moment.date(), moment.time()
    periods = Schedule.objects.filter(
        service=OuterRef("pk"),
        byday__contains=DAY_CODES[day.weekday()],
        opens_at__lte=time,
        closes_at__gt=time,
    ).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )
    if public_holiday(day):
        periods = periods.filter(closed_on_public_holidays=False)
    closed_today = ScheduleException.objects.filter(service=OuterRef("pk"), date=day, closed=True)
    special_hours = ScheduleException.objects.filter(
        service=OuterRef("pk"), date=day, closed=False, opens_at__lte=time, closes_at__gt=time
    )
    return Q(Exists(periods), ~Exists(closed_today)) | Q(Exists(special_hours))


@dataclass
class Period:
    opens_at: datetime.time
    closes_at: datetime.time


@dataclass
class DayHours:
    day: datetime.date
    periods: list[Period]
    note: str


def week_for(service: Service, start: datetime.date) -> list[DayHours]:
    """The opening hours of the seven days from `start`, with holidays and exceptions applied."""
    schedules = list(service.schedules.all())
    exceptions = {e.date: e for e in service.schedule_exceptions.all()}
    week = []
    for offset in range(7):
        day = start + datetime.timedelta(days=offset)
        week.append(_day_hours(day, schedules, exceptions.get(day)))
    return week


def _day_hours(
    day: datetime.date, schedules: list[Schedule], exception: ScheduleException | None
) -> DayHours:
    if exception is not None:
        if exception.closed or exception.opens_at is None or exception.closes_at is None:
            return DayHours(day, [], exception.note)
        return DayHours(day, [Period(exception.opens_at, exception.closes_at)], exception.note)
    holiday = public_holiday(day)
    periods = [
        Period(s.opens_at, s.closes_at)
        for s in schedules
        if s.opens_at
        and s.closes_at
        and DAY_CODES[day.weekday()] in s.byday.split(",")
        and not (holiday and s.closed_on_public_holidays)
        and (s.valid_from is None or s.valid_from <= day)
        and (s.valid_to is None or s.valid_to >= day)
    ]
    return DayHours(day, sorted(periods, key=lambda p: p.opens_at), holiday or "")


def is_open(service: Service, now: datetime.datetime | None = None) -> bool:
    moment = local_now(now)
    today = week_for(service, moment.date())[0]
    return any(p.opens_at <= moment.time() < p.closes_at for p in today.periods)
