from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "threecenters.people"
    label = "people"
    verbose_name = _("人员与信任")

    def ready(self) -> None:
        from threecenters.people import navigation

        navigation.register()

        from threecenters.people import signals  # noqa: F401
