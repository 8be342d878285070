from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "threecenters.proposals"
    label = "proposals"
    verbose_name = _("社区项目提案")

    def ready(self) -> None:
        from threecenters.proposals import navigation

        navigation.register()

        from threecenters.proposals import personal_data

        personal_data.register()

        from threecenters.proposals import kind
        from threecenters.proposals import search as proposal_search

        kind.register_kind()
        proposal_search.register_proposals()
        _register_files()

        from django.db.models.signals import post_delete, post_save

        from threecenters.proposals.models import Proposal

        # the board and the expert queues show proposals; their cached bodies follow this version
        post_save.connect(_changed, sender=Proposal, dispatch_uid="proposals-changed")
        post_delete.connect(_changed, sender=Proposal, dispatch_uid="proposals-deleted")


def _changed(sender, **kwargs) -> None:
    from threecenters.core.pagecache import data_changed

    data_changed("proposals")


def _register_files() -> None:
    """Proposal files are as visible as the proposal; site-visit photos as the visits (the
    reviewing staff and the assigned experts). Nothing here is public (core.files)."""
    from threecenters.core import files
    from threecenters.proposals.models import ProgressUpdate, ProposalFile, VisitPhoto
    from threecenters.proposals.rules import can_see_visits, can_view

    files.register(
        ProposalFile,
        "file",
        can_read=lambda user, f: can_view(user, f.proposal),
        related=("proposal",),
        download_name=lambda f: f.name,
    )
    files.register(
        VisitPhoto,
        "image",
        can_read=lambda user, photo: can_see_visits(user, photo.visit.proposal),
        related=("visit__proposal",),
    )
    files.register(
        ProgressUpdate,
        "photo",
        can_read=lambda user, update: can_view(user, update.proposal),
        related=("proposal",),
    )
