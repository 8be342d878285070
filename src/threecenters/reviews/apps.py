from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "threecenters.reviews"
    label = "reviews"
    verbose_name = _("评审流程")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from threecenters.core.shell import WORKSPACE, Link, Todo, register_link, register_todo
        from threecenters.reviews import models

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

        # Work lists built on reviews (the proposal board, expert queues) are cached per data
        # version; any saved or deleted review record retires them. The services' conditional
        # UPDATEs, which send no signal, call reviews_changed() themselves.
        for model in (
            models.Application,
            models.Assignment,
            models.Score,
            models.Decision,
            models.Publicity,
            models.Objection,
        ):
            post_save.connect(_changed, sender=model, dispatch_uid=f"reviews-changed-{model}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"reviews-deleted-{model}")


def _changed(sender, **kwargs) -> None:
    from threecenters.core.pagecache import data_changed

    data_changed("reviews")


def _pending_objections(user) -> int:
    from threecenters.reviews.selectors import pending_objection_count

    return pending_objection_count(user)
