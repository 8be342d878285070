"""Sign-in events go to the audit trail."""

import re

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from threecenters.core.audit import audit_record
from threecenters.core.masking import mask_mobile
from threecenters.core.models import Area, Article, Center, Organisation
from threecenters.core.pagecache import portal_changed

mobile_pattern = re.compile(r"^1[3-9]\d{9}$")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.signin")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.signout")


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never store the attempted password; a mobile number typed as the login is masked.
    label = str(credentials.get("username", ""))[:150]
    if mobile_pattern.match(label):
        label = mask_mobile(label)
    audit_record(actor=None, action="auth.signin", success=False, label=label)


@receiver(post_save, sender=Area)
@receiver(post_save, sender=Center)
@receiver(post_save, sender=Article)
@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Area)
@receiver(post_delete, sender=Center)
@receiver(post_delete, sender=Article)
@receiver(post_delete, sender=Organisation)
def on_public_record_change(sender, **kwargs):
    portal_changed()
