from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "threecenters.proposals"
    label = "proposals"
    verbose_name = _("社区项目提案")

    def ready(self) -> None:
        from threecenters.proposals import navigation

        navigation.register()

        from threecenters.proposals import kind
        from threecenters.proposals import search as proposal_search

        kind.register_kind()
        proposal_search.register_proposals()

        from django.db.models.signals import post_delete, post_save

        from threecenters.proposals.models import Proposal

        # the board and the expert queues show proposals; their cached bodies follow this version
        post_save.connect(_changed, sender=Proposal, dispatch_uid="proposals-changed")
        post_delete.connect(_changed, sender=Proposal, dispatch_uid="proposals-deleted")


def _changed(sender, **kwargs) -> None:
    from threecenters.core.pagecache import data_changed

    data_changed("proposals")
