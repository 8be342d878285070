"""Projects: what an approved record is carried out as — milestones with weights and due dates,
progress updates, and a closing report.

A project belongs to an owner of some kind (``Project.kind``, a key of ``projects.registry``):
an approved proposal today, a startup or a funded grant later. The owner's model points at its
project with a one-to-one field; the kernel asks the owner kind who may see and track it.

A project is ``active`` while it is carried out, ``closing`` once its closing report is filed
(tracking stops; an owner that evaluates the report, as a grant's closing evaluation will, does
so in this state) and ``closed`` when it is finished.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.models import Area


def upload_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"projects/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Status(models.TextChoices):
    ACTIVE = "active", _("实施中")
    CLOSING = "closing", _("结项中")
    CLOSED = "closed", _("已结项")


class Project(models.Model):
    kind = models.CharField(_("类别"), max_length=40)
    title = models.CharField(_("项目名称"), max_length=100)
    # the scope the owner's rules check: the subdistrict always, the community when it has one
    subdistrict = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("街道"),
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
    )
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    started_at = models.DateTimeField(_("开始实施时间"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("结项时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("实施项目")
        verbose_name_plural = _("实施项目")
        indexes = [models.Index(fields=["kind", "status"], name="project_kind_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today: date | None = None):
        """Open milestones whose due date has passed (``today`` defaults to the local date)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("里程碑"), max_length=100)
    due_on = models.DateField(_("截止日期"))
    weight = models.PositiveSmallIntegerField(_("权重"), default=1)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("完成人"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="project_milestone_weight_positive"
            )
        ]
        indexes = [models.Index(fields=["done_at", "due_on"], name="project_milestone_open_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class ProgressUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("进展"), max_length=5000)
    # what the update reports on, when it says: a share of the work, or a milestone
    percent = models.PositiveSmallIntegerField(
        _("完成比例（%）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("里程碑"),
    )
    photo = models.FileField(_("照片"), upload_to=upload_path, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="project_update_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.text[:30]


class ClosingReport(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="closing")
    summary = models.TextField(_("结项总结"), max_length=10000)
    participants_total = models.PositiveIntegerField(_("累计服务人次"))
    activities_count = models.PositiveIntegerField(_("开展活动次数"))
    spent_fen = models.BigIntegerField(_("实际支出（分）"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("结项报告")
        verbose_name_plural = _("结项报告")
        constraints = [
            models.CheckConstraint(
                condition=Q(spent_fen__gte=0), name="project_closing_spent_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.project)
