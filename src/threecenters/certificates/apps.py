from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "threecenters.certificates"
    label = "certificates"
    verbose_name = _("证书")

    def ready(self) -> None:
        from threecenters.certificates import (
            checks,  # noqa: F401
            personal_data,
        )

        personal_data.register()
