from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "threecenters.people"
    label = "people"
    verbose_name = _("人员与信任")

    def ready(self) -> None:
        from threecenters.people import navigation, personal_data

        navigation.register()
        personal_data.register()

        from threecenters.people import signals  # noqa: F401
