from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "threecenters.governance"
    label = "governance"
    verbose_name = _("基层党建与社区治理")

    def ready(self) -> None:
        from threecenters.governance import navigation

        navigation.register()

        from threecenters.core import files
        from threecenters.governance import search as case_search
        from threecenters.governance.models import Case, CaseAttachment, CasePhoto
        from threecenters.governance.rules import can_view_case

        case_search.register_cases()

        from threecenters.core.pagecache import shown_publicly
        from threecenters.governance import models

        # the public case library, its case pages and their spread (core.pagecache)
        for model in (
            models.Case,
            models.CaseTag,
            models.CaseVersion,
            models.CasePhoto,
            models.CaseAttachment,
            models.CaseAdoption,
            models.ExchangeSession,
        ):
            shown_publicly(model)

        # a case's files are as visible as the case: public while it is published (core.files)
        files.register(Case, "cover", can_read=can_view_case)
        files.register(
            CasePhoto,
            "image",
            can_read=lambda user, photo: can_view_case(user, photo.case),
            related=("case",),
        )
        files.register(
            CaseAttachment,
            "file",
            can_read=lambda user, attachment: can_view_case(user, attachment.case),
            related=("case",),
            download_name=lambda attachment: attachment.title,
        )
