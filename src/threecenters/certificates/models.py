"""Numbered certificates (platform records) with an unguessable verification token.

Numbers come from ``NumberCounter``: one row per (prefix, year), advanced by a conditional
``UPDATE … SET last = last + 1`` inside the issuing transaction (never ``MAX() + 1``), so two
certificates issued at once get distinct numbers on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.certificates.registry import get_kind
from threecenters.core.masking import mask_name
from threecenters.core.models import Center, Organisation


def new_token() -> str:
    return secrets.token_urlsafe(24)


class NumberCounter(models.Model):
    prefix = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="certificate_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Certificate(models.Model):
    """One certificate or record: who issued it, to whom, for what, when — and whether it still
    stands. Shown in public only through ``token``."""

    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    kind = models.CharField(_("类别"), max_length=40)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    issuer_name = models.CharField(_("颁发单位"), max_length=120)
    issuer_center = models.ForeignKey(
        Center, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issuer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("持证人"),
    )
    holder_name = models.CharField(_("持证人姓名"), max_length=60)
    subject = models.CharField(_("证明事项"), max_length=300)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("颁发时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # A source record (e.g. a course) is certified once per holder and kind.
            models.UniqueConstraint(
                fields=["kind", "holder", "source_type", "source_id"], name="certificate_once"
            ),
            models.CheckConstraint(
                condition=models.Q(source_type__isnull=True, source_id__isnull=True)
                | models.Q(source_type__isnull=False, source_id__isnull=False),
                name="certificate_source_whole",
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "-issued_at", "-id"], name="certificate_mine_idx")
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", kwargs={"token": self.token})

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def masked_holder_name(self) -> str:
        return mask_name(self.holder_name)

    @property
    def kind_label(self) -> str:
        kind = get_kind(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def title(self) -> str:
        kind = get_kind(self.kind)
        return str(kind.title) if kind else self.kind

    def shown_details(self) -> list[tuple[str, str]]:
        """The details the kind declares, as (label, value) pairs in the kind's order."""
        kind = get_kind(self.kind)
        if kind is None:
            return []
        return [
            (str(label), str(self.details[key]))
            for key, label in kind.detail_labels.items()
            if self.details.get(key) not in (None, "")
        ]
