from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "threecenters.core"
    label = "core"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from threecenters.core import navigation

        navigation.register()

        from threecenters.core import checks, signals  # noqa: F401
