import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecenters.settings")
application = get_wsgi_application()


def _settle() -> None:
    """Load the URLconf (and with it every view module and the API) before the first request,
    then move everything loaded so far out of the cyclic garbage collector's reach. A full
    collection otherwise walks these ~120,000 long-lived objects each time (about 40 ms, paid
    by whichever request set it off: a spike in the slowest percentile)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the URLconf
    gc.freeze()


_settle()
