"""Community project proposals, the governance center's use of the review workflow.

A proposal is written as a draft by a community worker for their community, submitted into the
review kernel (``reviews.Application``), visited and scored by think-tank experts, decided by the
governance center, and — once approved — carried out as a project (``threecenters.projects``:
milestones, progress updates, a closing report). Each submission stores a ``ProposalVersion``
snapshot, so a revision shows what changed.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core.masking import mask_mobile
from threecenters.core.models import Area
from threecenters.reviews.models import Application, Outcome, State


class ProposalType(models.TextChoices):
    ACTIVITY_SPACE = "activity_space", _("活动空间")
    MICRO_RENEWAL = "micro_renewal", _("微更新")
    SERVICE = "service", _("服务项目")
    EVENT_SERIES = "event_series", _("系列活动")
    OTHER = "other", _("其他")


class FundingSource(models.TextChoices):
    SECURITY_FUND = "security_fund", _("社区保障资金")
    COMMUNITY_FUND = "community_fund", _("社区基金")
    VENTURE = "venture", _("公益创投")
    OTHER = "other", _("其他")


class ReasonCode(models.TextChoices):
    AREA = "area", _("面积不足")
    TRAFFIC = "traffic", _("人流量不足")
    DUPLICATE = "duplicate", _("重复建设")
    BUDGET = "budget", _("预算不合理")
    SAFETY = "safety", _("安全隐患")
    NEGATIVE_LIST = "negative_list", _("不符合负面清单")


def upload_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"proposals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Proposal(models.Model):
    community = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("申报社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )
    # the community's subdistrict, kept on the row so the board is one ordered index scan
    subdistrict = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("街道"),
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("填报人"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("评审流程"),
    )
    title = models.CharField(_("项目名称"), max_length=100)
    type = models.CharField(_("项目类型"), max_length=20, choices=ProposalType.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    building_part = models.CharField(
        _("建筑部位"), max_length=60, blank=True, help_text=_("例如：架空层、楼顶、一楼架空区域")
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    area_m2 = models.DecimalField(
        _("可用面积（平方米）"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    expected_daily_participants = models.PositiveIntegerField(
        _("预计每日参与人数"), null=True, blank=True
    )
    target_groups = models.CharField(_("服务对象"), max_length=200, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=120, blank=True)
    budget_fen = models.BigIntegerField(_("预算（分）"), null=True, blank=True)
    funding_source = models.CharField(
        _("资金来源"), max_length=20, choices=FundingSource.choices, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(_("实施周期（月）"), null=True, blank=True)
    description = models.TextField(_("项目说明"), blank=True, max_length=20000)
    # the draft case made from this project once it closed (one per proposal)
    case = models.OneToOneField(
        "governance.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("治理案例"),
    )
    # the project an approved proposal is carried out as (milestones, updates, closing report)
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("实施项目"),
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("项目提案")
        verbose_name_plural = _("项目提案")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_fen__isnull=True) | Q(budget_fen__gte=0),
                name="proposal_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gte=0),
                name="proposal_area_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["subdistrict", "-submitted_at", "-id"], name="proposal_board"),
            models.Index(fields=["community", "-submitted_at", "-id"], name="proposal_comm_board"),
            models.Index(fields=["community", "-id"], name="proposal_comm_mine"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def budget_yuan(self) -> Decimal | None:
        return None if self.budget_fen is None else Decimal(self.budget_fen) / 100

    @property
    def is_draft(self) -> bool:
        return self.application_id is None

    # The state rules of the proposal's own steps: the services refuse by them and the detail
    # page offers a step by them, so a button and its service never disagree.
    @property
    def editable(self) -> bool:
        """A draft, or sent back for revision: its content may change and be submitted."""
        if self.is_draft:
            return True
        app = self.application
        return app.state == State.DECIDED and app.outcome == Outcome.NEEDS_REVISION

    @property
    def decidable(self) -> bool:
        """A decision may be taken now (the review kernel's rule, ``proposal_decide``)."""
        return not self.is_draft and self.application.decision_stage() is not None

    @property
    def startable(self) -> bool:
        """Approved and not started: the work may start (``proposal_start``)."""
        app = None if self.is_draft else self.application
        return app is not None and app.state == State.DECIDED and app.outcome == Outcome.APPROVED

    @property
    def tracked(self) -> bool:
        """In progress: milestones, updates and the closing report may be recorded."""
        return not self.is_draft and self.application.state == State.IN_PROGRESS

    @property
    def closed(self) -> bool:
        """Closed: the project may become a case in the case library (``proposal_case_create``)."""
        return not self.is_draft and self.application.state == State.CLOSED


# The fields a version snapshot keeps, in display order.
SNAPSHOT_FIELDS = [
    "title",
    "type",
    "address",
    "building_part",
    "latitude",
    "longitude",
    "area_m2",
    "expected_daily_participants",
    "target_groups",
    "opening_hours",
    "budget_fen",
    "funding_source",
    "duration_months",
    "description",
]


class ProposalVersion(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    data = models.JSONField(_("内容"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("提案版本")
        verbose_name_plural = _("提案版本")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


class ProposalFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        ATTACHMENT = "attachment", _("附件")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=upload_path)
    name = models.CharField(_("文件名"), max_length=120)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("提案文件")
        verbose_name_plural = _("提案文件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AreaNorm(models.Model):
    """How many square metres each expected daily participant needs, per proposal type."""

    type = models.CharField(_("项目类型"), max_length=20, choices=ProposalType.choices, unique=True)
    m2_per_participant = models.DecimalField(
        _("人均面积标准（平方米）"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    source = models.CharField(_("标准来源"), max_length=200)

    class Meta:
        verbose_name = _("人均面积标准")
        verbose_name_plural = _("人均面积标准")

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.m2_per_participant}"


class Expert(models.Model):
    class Availability(models.TextChoices):
        AVAILABLE = "available", _("可接受任务")
        BUSY = "busy", _("任务较多")
        AWAY = "away", _("暂不接受任务")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profile",
        verbose_name=_("账号"),
    )
    field = models.CharField(_("专业领域"), max_length=80)
    organisation = models.CharField(_("工作单位"), max_length=100, blank=True)
    bio = models.TextField(_("简介"), blank=True, max_length=2000)
    contact_mobile = models.CharField(_("联系电话"), max_length=11, blank=True)
    availability = models.CharField(
        _("可用状态"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    communities = models.ManyToManyField(
        Area,
        blank=True,
        related_name="+",
        verbose_name=_("居住或工作的社区"),
        limit_choices_to={"level": Area.Level.COMMUNITY},
    )

    class Meta:
        verbose_name = _("智库专家")
        verbose_name_plural = _("智库专家")

    def __str__(self) -> str:
        return self.user.masked_name

    @property
    def masked_contact(self) -> str:
        return mask_mobile(self.contact_mobile)


class SiteVisit(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="visits")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="site_visits",
        verbose_name=_("专家"),
    )
    visited_on = models.DateField(_("走访日期"))
    places = models.CharField(_("走访地点"), max_length=300)
    interviewed_count = models.PositiveIntegerField(_("访谈人数"), default=0)
    interviewed_roles = models.CharField(_("访谈对象"), max_length=200, blank=True)
    measured_area_m2 = models.DecimalField(
        _("实测面积（平方米）"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    foot_traffic_count = models.PositiveIntegerField(_("人流量计数（人次）"), null=True, blank=True)
    traffic_from = models.DateTimeField(_("计数开始"), null=True, blank=True)
    traffic_to = models.DateTimeField(_("计数结束"), null=True, blank=True)
    findings = models.TextField(_("走访发现"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("实地走访")
        verbose_name_plural = _("实地走访")
        ordering = ["visited_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measured_area_m2__isnull=True) | Q(measured_area_m2__gte=0),
                name="visit_area_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(traffic_from__isnull=True)
                | Q(traffic_to__isnull=True)
                | Q(traffic_to__gt=models.F("traffic_from")),
                name="visit_traffic_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.visited_on}"


class Measurement(models.Model):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="measurements")
    name = models.CharField(_("测量项"), max_length=60)
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20)

    class Meta:
        verbose_name = _("测量数据")
        verbose_name_plural = _("测量数据")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} {self.value} {self.unit}"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to=upload_path)

    class Meta:
        verbose_name = _("走访照片")
        verbose_name_plural = _("走访照片")

    def __str__(self) -> str:
        return self.image.name
