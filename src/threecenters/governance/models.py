"""Governance case library (治理案例库): cases with published versions, their spread (交流推广)
to other communities and the exchange sessions that presented them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.masking import mask_mobile, mask_name
from threecenters.core.models import Area, mobile_validator

# The fields of a case that a published version keeps (the snapshot).
SNAPSHOT_FIELDS = [
    "title",
    "summary",
    "method_name",
    "period_start",
    "period_end",
    "background",
    "method",
    "measures",
    "results",
    "lessons",
]


def _upload_path(prefix: str, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"governance/{prefix}/{uuid.uuid4().hex}.{extension}"


def upload_cover(instance, filename: str) -> str:
    return _upload_path("covers", filename)


def upload_photo(instance, filename: str) -> str:
    return _upload_path("photos", filename)


def upload_attachment(instance, filename: str) -> str:
    return _upload_path("attachments", filename)


class Case(models.Model):
    """The working copy of a case. What the public sees is ``current_version``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        PUBLISHED = "published", _("已发布")
        ARCHIVED = "archived", _("已归档")

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
        related_name="governance_cases",
        verbose_name=_("社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    title = models.CharField(_("标题"), max_length=120)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    method_name = models.CharField(_("工作法名称"), max_length=60, blank=True)
    period_start = models.DateField(_("开始时间"), null=True, blank=True)
    period_end = models.DateField(_("结束时间"), null=True, blank=True)
    background = models.TextField(_("背景与问题"), max_length=10000, blank=True)
    method = models.TextField(_("工作法"), max_length=10000, blank=True)
    measures = models.TextField(_("主要做法"), max_length=20000, blank=True)
    results = models.TextField(_("成效"), max_length=10000, blank=True)
    figures = models.JSONField(_("成效数据"), default=list, blank=True)
    lessons = models.TextField(_("经验启示"), max_length=10000, blank=True)
    cover = models.ImageField(_("封面图"), upload_to=upload_cover, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作者"),
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_mobile = models.CharField(
        _("联系电话"), max_length=11, blank=True, validators=[mobile_validator]
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    current_version = models.ForeignKey(
        "CaseVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("当前公开版本"),
    )
    published_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示内容"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("治理案例")
        verbose_name_plural = _("治理案例")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="case_public_idx"),
            models.Index(fields=["community", "status"], name="case_community_idx"),
            models.Index(fields=["method_name"], name="case_method_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="case_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:case-detail", args=[self.pk])

    # Which steps each status allows: the services move a case only from these, and the edit
    # page offers a step only when the case is in one of them.
    STEPS_FROM = {
        "submit": (Status.DRAFT,),
        "return": (Status.IN_REVIEW,),
        "publish": (Status.DRAFT, Status.IN_REVIEW),
        "archive": (Status.PUBLISHED, Status.DRAFT, Status.IN_REVIEW),
    }

    def allows(self, step: str) -> bool:
        """Whether the case's status allows ``step`` (submit, return, publish, archive)."""
        return self.status in self.STEPS_FROM[step]

    @property
    def submittable(self) -> bool:
        return self.allows("submit")

    @property
    def returnable(self) -> bool:
        return self.allows("return")

    @property
    def publishable(self) -> bool:
        return self.allows("publish")

    @property
    def is_public(self) -> bool:
        return self.current_version_id is not None and self.status != self.Status.ARCHIVED

    @property
    def masked_contact_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_contact_mobile(self) -> str:
        return mask_mobile(self.contact_mobile)

    @property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags.all()]


class CaseTag(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("标签"), max_length=20)

    class Meta:
        verbose_name = _("案例标签")
        verbose_name_plural = _("案例标签")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="case_tag_unique")]
        indexes = [models.Index(fields=["name"], name="case_tag_name_idx")]

    def __str__(self) -> str:
        return self.name


class CaseVersion(models.Model):
    """A published version, kept when the case is revised and published again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("内容"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        verbose_name = _("案例版本")
        verbose_name_plural = _("案例版本")
        ordering = ["case_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="case_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.number}"


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=upload_photo)
    caption = models.CharField(_("说明"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("案例照片")
        verbose_name_plural = _("案例照片")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class CaseAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF 文档")
        IMAGE = "image", _("图片")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=upload_attachment)
    title = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField(_("大小"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("案例附件")
        verbose_name_plural = _("案例附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class CaseAdoption(models.Model):
    """A community studied or adopted a case (交流推广)."""

    class Kind(models.TextChoices):
        STUDIED = "studied", _("学习交流")
        ADOPTED = "adopted", _("推广应用")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="adoptions")
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="case_adoptions",
        verbose_name=_("社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    kind = models.CharField(_("方式"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("日期"))
    adopted = models.CharField(_("学习或采用的内容"), max_length=300)
    people = models.CharField(_("参与人员"), max_length=200, blank=True)
    outcome = models.TextField(_("效果"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("推广记录")
        verbose_name_plural = _("推广记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "kind"], name="case_adoption_comm_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.community_id}"


# the events an exchange session may point to, and whose page the case page links to
LINKABLE_EVENT_STATUSES = ("published", "finished")


class ExchangeSession(models.Model):
    """An exchange session (交流会) that presented one or more cases: a dated record, linked to
    the event of the event engine that held it when there was one (its sign-up, check-in and
    photos live there)."""

    subdistrict = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("街道"),
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_sessions",
        verbose_name=_("对应活动"),
    )
    title = models.CharField(_("名称"), max_length=120)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    summary = models.TextField(_("内容摘要"), max_length=4000, blank=True)
    attendance = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    cases = models.ManyToManyField(
        Case, related_name="exchange_sessions", verbose_name=_("交流案例")
    )
    communities = models.ManyToManyField(
        Area,
        related_name="+",
        blank=True,
        verbose_name=_("参加社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("交流会")
        verbose_name_plural = _("交流会")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def public_event(self):
        """The linked event when anyone may open its page (published or finished)."""
        event = self.event
        if event is not None and event.status in LINKABLE_EVENT_STATUSES:
            return event
        return None
