from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "threecenters.notify"
    label = "notify"
    verbose_name = _("通知")

    def ready(self) -> None:
        from threecenters.notify import navigation, personal_data

        navigation.register()
        personal_data.register()
