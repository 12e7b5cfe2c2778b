"""What a web process remembers of the directory: search answers and resolved places (ADR 0005).

Django's local-memory cache pickles every value on the way in and on the way out, so that no
caller can change what another one reads. Unpickling a remembered page of services (model
instances with their provider and fixed contact person) cost more than the rest of a remembered
search. These answers are never changed once made, so they are kept as they are, least recently
used first out, each for a fixed time. Keys carry the index version: a change to the directory
makes every process ask again.
"""

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings


class Remembered:
    """A bounded, thread-safe, in-process memory of immutable values with an expiry time."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires <= time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def set(self, key: str, value: Any, seconds: float) -> None:
        """Remember `value` for `seconds`; 0 or less remembers nothing."""
        if seconds <= 0:
            return
        limit = max(1, settings.SEARCH_CACHE_ENTRIES)
        with self._lock:
            self._items[key] = (time.monotonic() + seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > limit:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


answers = Remembered()
