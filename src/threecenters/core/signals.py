"""Signing out goes to the audit trail; record changes retire what the cache keeps of them.

Sign-in entries (success and failure) are written by the one sign-in service,
``people.services.signin_attempt``, which every door goes through."""

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from threecenters.core.audit import audit_record
from threecenters.core.models import Area, Article, Center, Organisation, RoleAssignment
from threecenters.core.pagecache import data_changed, portal_changed


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.signout")


# what public pages show, and what a person's cached role assignments read (core.roles)
SHOWN_PUBLICLY = (Area, Center, Article, Organisation)
ROLE_SCOPE = (RoleAssignment, Area, Center, Organisation)


def on_record_change(sender, **kwargs):
    """Retire what the cache keeps of the changed record: cached public pages, and role
    assignments (a granted or revoked role, or a moved community, counts on the next
    request)."""
    if sender in SHOWN_PUBLICLY:
        portal_changed()
    if sender in ROLE_SCOPE:
        data_changed("roles")


for _model in dict.fromkeys(SHOWN_PUBLICLY + ROLE_SCOPE):
    for _signal in (post_save, post_delete):
        _signal.connect(on_record_change, sender=_model, dispatch_uid=f"core-changed-{_model}")
