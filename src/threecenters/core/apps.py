from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # the app's config; AdminConfig below is named in INSTALLED_APPS itself
    name = "threecenters.core"
    label = "core"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from threecenters.core import navigation

        navigation.register()

        from django.conf import settings
        from PIL import Image

        from threecenters.core import checks, files, signals  # noqa: F401
        from threecenters.core.models import Center

        # every Image.open in the process refuses a decompression bomb at the same limit
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        # a center's page, cover included, is public
        files.register(Center, "cover", can_read=lambda user, center: True)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with the platform's site (core.adminsite): opened by a predicate, no
    second sign-in form, every write audited."""

    default = False
    default_site = "threecenters.core.adminsite.ReferenceAdminSite"
