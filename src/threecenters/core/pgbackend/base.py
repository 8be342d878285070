"""Django's PostgreSQL backend whose connection health check costs no round trip.

Django checks a kept connection at the first query of each request with ``SELECT 1``, so that
a restarted or failed-over database costs no failed request. That is one more round trip per
request. An idle connection has nothing to read on its socket unless the server has closed it
(a restart or a terminated backend sends its goodbye and closes) or sent a notice: so the check
first asks the kernel, without waiting, whether the socket is readable. Not readable: the
connection is usable, as far as any check can tell. Readable: Django's ``SELECT 1`` decides, and
a closed connection is replaced before the request's first query.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if readable:
            return super().is_usable()
        return True
