"""gunicorn's server hooks for ``threecenters serve`` (passed as ``--config python:…``)."""

from __future__ import annotations

import gc


def post_worker_init(worker) -> None:
    """Once a worker has loaded the application: load the URLconf (and with it every view
    module and the API) before the first request, then move everything loaded so far out of
    the cyclic garbage collector's reach. A full collection otherwise walks these ~120,000
    long-lived objects each time (about 40 ms, paid by whichever request set it off: a spike
    in the slowest percentile)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the URLconf
    gc.freeze()
