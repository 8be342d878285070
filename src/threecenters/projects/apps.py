from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "threecenters.projects"
    label = "projects"
    verbose_name = _("项目实施")

    def ready(self) -> None:
        _register_files()


def _register_files() -> None:
    """Progress photos are exactly as visible as the project (its owner kind decides)."""
    from threecenters.core import files
    from threecenters.projects.models import ProgressUpdate
    from threecenters.projects.rules import can_view

    files.register(
        ProgressUpdate,
        "photo",
        can_read=lambda user, update: can_view(user, update.project),
        related=("project",),
    )
