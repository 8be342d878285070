"""The search index: one row per indexed object, plus the database's full-text structure over
pre-segmented tokens (an FTS5 table on SQLite, a narrow tsvector table with a GIN index on PostgreSQL;
both created by migration 0001 and written by ``threecenters.search.backends``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    type = models.CharField(_("类型"), max_length=32)
    object_id = models.CharField(_("对象编号"), max_length=64)
    title = models.CharField(_("标题"), max_length=300)
    tags = models.CharField(_("标签"), max_length=1000, blank=True)
    body = models.TextField(_("正文"), blank=True)
    community = models.ForeignKey(
        "core.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("社区"),
    )
    year = models.PositiveIntegerField(_("年份"), null=True, blank=True)
    url = models.CharField(_("网址"), max_length=300)
    is_public = models.BooleanField(_("公开"), default=True)
    words = models.TextField(_("关键词"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="search_document_unique"),
        ]
        indexes = [
            models.Index(fields=["type", "is_public"], name="search_doc_type_idx"),
            models.Index(fields=["community", "year"], name="search_doc_community_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split("|") if t]
