"""Start the session clocks at sign-in."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session["tc_auth_at"] = now
        request.session["tc_seen"] = now
