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

        from threecenters.proposals import kind, project
        from threecenters.proposals import search as proposal_search

        kind.register_kind()
        project.register_project_kind()
        proposal_search.register_proposals()
        _register_files()


def _register_files() -> None:
    """Proposal files are as visible as the proposal; site-visit photos as the visits (the
    reviewing staff and the assigned experts). Nothing here is public (core.files). Progress
    photos belong to the project (``threecenters.projects``), as visible as the proposal."""
    from threecenters.core import files
    from threecenters.proposals.models import ProposalFile, VisitPhoto
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
