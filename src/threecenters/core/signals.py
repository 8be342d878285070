"""Signing out goes to the audit trail; the portal's own records are shown on public pages.

Sign-in entries (success and failure) are written by the one sign-in service,
``people.services.signin_attempt``, which every door goes through."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from threecenters.core.audit import audit_record
from threecenters.core.models import Area, Article, Center, Organisation
from threecenters.core.pagecache import shown_publicly


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.signout")


# what the portal's public pages show (core.pagecache retires them when these change)
for _model in (Area, Center, Article, Organisation):
    shown_publicly(_model)
