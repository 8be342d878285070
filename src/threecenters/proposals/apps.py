from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "threecenters.proposals"
    label = "proposals"
    verbose_name = _("社区项目提案")

    def ready(self) -> None:
        from threecenters.proposals import kind
        from threecenters.proposals import search as proposal_search

        kind.register_kind()
        proposal_search.register_proposals()
