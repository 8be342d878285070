from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "threecenters.events"
    label = "events"
    verbose_name = _("活动")

    def ready(self) -> None:
        from threecenters.events import builtin, navigation

        builtin.register_kinds()
        navigation.register()
