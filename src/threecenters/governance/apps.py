from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "threecenters.governance"
    label = "governance"
    verbose_name = _("基层党建与社区治理")

    def ready(self) -> None:
        from threecenters.governance import navigation

        navigation.register()

        from threecenters.governance import search as case_search

        case_search.register_cases()
