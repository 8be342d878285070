from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
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
