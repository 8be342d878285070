"""Sign-in by mobile number or user name."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from threecenters.core.models import User


class MobileOrUsernameBackend(ModelBackend):
    """Permissions come from roles (``rules``, see each app's rules.py), never from Django's
    permission tables, which the platform does not fill; so this backend answers no permission
    question and spends no query on one. Superusers still hold every permission (Django's
    ``User.has_perm`` grants that before asking any backend)."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_user(self, user_id):
        """The signed-in user of every request: one primary-key read; None for a missing,
        malformed or inactive key."""
        try:
            user = User._default_manager.get(pk=user_id)
        except (User.DoesNotExist, ValueError, TypeError):
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = str(username).strip()
        user = User.objects.filter(Q(username=login) | Q(mobile=login)).order_by("id").first()
        if user is None:
            # Spend the same time as a real check so timing does not tell who has an account.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
