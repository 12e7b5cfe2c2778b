"""Django's PostgreSQL backend, with the health check left out for a connection that was used a
moment ago.

Web processes keep their connection between requests (`CONN_MAX_AGE`), and with
`CONN_HEALTH_CHECKS` Django sends `SELECT 1` before the first query of every request, so that a
connection the server has dropped (a restart, a cut network, an idle timeout) is replaced instead
of failing the request. Under load that is one round trip more per request: 7-8 % of the referral
transitions a second (docs/performance.md, "Referrals", sixth round). A connection that ran a
query less than `RECENT_SECONDS` ago without an error is taken as checked; one that has been idle
longer, or that had an error, is checked as before. A server that drops connections in those
seconds fails the requests that were on its way anyway; the one after it gets a new connection.
"""

import math
import time
from typing import Any

from django.db.backends.postgresql import base

RECENT_SECONDS = 2.0


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.used_at = -math.inf

    def close_if_health_check_failed(self) -> None:
        """Runs before every query (Django's cursors and core.prepared's): the moment of use."""
        super().close_if_health_check_failed()
        self.used_at = time.monotonic()

    def close_if_unusable_or_obsolete(self) -> None:
        """At the start and the end of each request: as Django, then no health check for a
        connection that was used a moment ago without an error."""
        used_lately = (
            self.connection is not None
            and not self.errors_occurred
            and time.monotonic() - self.used_at < RECENT_SECONDS
        )
        super().close_if_unusable_or_obsolete()
        if used_lately and self.connection is not None:
            self.health_check_done = True
