from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "threecenters.reviews"
    label = "reviews"
    verbose_name = _("评审流程")

    def ready(self) -> None:
        from threecenters.core.shell import WORKSPACE, Link, Todo, register_link, register_todo

        register_link(
            WORKSPACE,
            Link(
                "publicity",
                _("公示与异议"),
                "reviews:staff-objections",
                order=47,
                perm="reviews.view_objections",
                badge=_pending_objections,
            ),
        )
        register_todo(
            Todo(
                "objections",
                _("待处理的公示异议"),
                "reviews:staff-objections",
                _pending_objections,
                order=30,
                perm="reviews.view_objections",
            )
        )


def _pending_objections(user) -> int:
    from threecenters.reviews.selectors import pending_objection_count

    return pending_objection_count(user)
