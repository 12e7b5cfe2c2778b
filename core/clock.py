"""The time as the application sees it: `now()` and `today()`.

Deadlines, reminders and escalations are computed from this clock rather than from
`timezone.now()` directly, so that tests (and a demonstration) can move time forward without
waiting days. In production nothing sets it and it is simply the real time.
"""

import datetime
import threading

from django.utils import timezone

_lock = threading.Lock()
_offset = datetime.timedelta(0)
_frozen: datetime.datetime | None = None


def now() -> datetime.datetime:
    """The current moment (aware, UTC)."""
    with _lock:
        if _frozen is not None:
            return _frozen
        offset = _offset
    return timezone.now() + offset


def today() -> datetime.date:
    """The current date in the project's time zone (Europe/Amsterdam)."""
    return timezone.localdate(now())


def freeze(moment: datetime.datetime) -> None:
    """Stop the clock at `moment` (tests)."""
    global _frozen
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    with _lock:
        _frozen = moment


def advance(delta: datetime.timedelta) -> None:
    """Move the clock forward, frozen or running (tests and the demo's time travel)."""
    global _frozen, _offset
    with _lock:
        if _frozen is not None:
            _frozen += delta
        else:
            _offset += delta


def reset() -> None:
    """Back to the real time."""
    global _frozen, _offset
    with _lock:
        _frozen = None
        _offset = datetime.timedelta(0)
