"""One application → review → decision workflow, reused by every app that reviews something.

An ``Application`` is the workflow record of one subject (a proposal, later an office-space
application, a nomination …); the subject model points at it with a OneToOne and the subject's
kind is a key of the registry (``reviews.registry``), which declares the kind's stages. ``state``
holds the code of the current stage; every move is a conditional UPDATE on it and a
``Transition`` row. Reviewers are ``Assignment`` rows (for one review stage of one round) with
their private findings and their ``Score`` rows against the ``Rubric`` of the application. A
decision is taken once per round: the ``Decision`` row is unique per (application, round), so two
staff deciding at once cannot both win.

A publicity (公示) stage opens a ``Publicity`` with a start, an end in working days (``Holiday``
holds public holidays and make-up working days) and an unguessable token for its public page;
``Objection`` rows are what the public sent in, each handled by staff before the stage can close.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """The codes and labels of the standard stages (the proposal kind declares its stages with
    them). A kind may declare stages with other codes; ``Application.state`` holds any of them."""

    SUBMITTED = "submitted", _("已提交")
    ELIGIBILITY = "eligibility", _("资格审查")
    UNDER_REVIEW = "under_review", _("评审中")
    DECIDED = "decided", _("已决定")
    IN_PROGRESS = "in_progress", _("实施中")
    CLOSED = "closed", _("已结项")
    WITHDRAWN = "withdrawn", _("已撤回")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("通过")
    NEEDS_REVISION = "needs_revision", _("需修改")
    REJECTED = "rejected", _("不通过")


class Rubric(models.Model):
    """The scoring criteria for one kind of subject, optionally for one variant (e.g. a type)."""

    kind = models.CharField(_("申请类别"), max_length=40)
    variant = models.CharField(_("细分类型"), max_length=40, blank=True)
    name = models.CharField(_("名称"), max_length=80)

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")
        constraints = [
            models.UniqueConstraint(fields=["kind", "variant"], name="rubric_unique_kind_variant")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("评分标准")
    )
    code = models.SlugField(_("代码"), max_length=40)
    label = models.CharField(_("评分项"), max_length=60)
    weight = models.PositiveSmallIntegerField(_("权重"), default=1)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class Application(models.Model):
    kind = models.CharField(_("申请类别"), max_length=40)
    # the code of the current stage, as the kind declares it (registry)
    state = models.CharField(_("阶段"), max_length=40)
    outcome = models.CharField(_("结论"), max_length=16, choices=Outcome.choices, blank=True)
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_applications",
        verbose_name=_("申请人"),
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("评分标准")
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评审申请")
        verbose_name_plural = _("评审申请")
        indexes = [models.Index(fields=["kind", "state"], name="application_kind_state")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def stage(self):
        from threecenters.reviews.registry import stage_of

        return stage_of(self)

    def can_move_to(self, state: str) -> bool:
        return state in self.stage.next

    def decision_stage(self) -> str | None:
        """The decision stage a decision taken now moves to; None when none can be taken (the
        rule ``application_decide`` refuses by, and a page's "decide" button asks)."""
        from threecenters.reviews import registry

        stage = self.stage
        if stage.kind == registry.StageKind.DECISION:
            return None
        spec = registry.get(self.kind)
        return next(
            (c for c in stage.next if spec.stage(c).kind == registry.StageKind.DECISION), None
        )

    def get_state_display(self) -> str:
        from threecenters.reviews.registry import stage_label

        return stage_label(self.kind, self.state)

    @property
    def stage_label(self) -> str:
        return self.get_state_display()


class Transition(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("原阶段"), max_length=40, blank=True)
    to_state = models.CharField(_("新阶段"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        from threecenters.reviews.registry import stage_label

        return stage_label(self.application.kind, self.to_state)


class Assignment(models.Model):
    """One reviewer on one review stage of an application in one round, with their private
    findings and their score sheet. A resubmission after "needs revision" is a new round, reviewed
    afresh."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("评审人"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    stage = models.CharField(_("评审阶段"), max_length=40)
    assigned_at = models.DateTimeField(_("指派时间"), default=timezone.now)
    conflict = models.BooleanField(_("存在利益关联"), default=False)
    override_reason = models.CharField(_("仍然指派的理由"), max_length=300, blank=True)
    findings = models.TextField(_("评审意见（仅本人和工作人员可见）"), blank=True, max_length=5000)
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    weighted_score = models.DecimalField(
        _("加权得分"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("评审指派")
        verbose_name_plural = _("评审指派")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "stage", "reviewer"],
                name="assignment_one_per_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(conflict=False) | ~Q(override_reason=""),
                name="assignment_conflict_needs_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "-assigned_at", "-id"], name="assignment_queue")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.reviewer}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    value = models.PositiveSmallIntegerField(_("分数"))
    comment = models.CharField(_("评语"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveSmallIntegerField(_("轮次"))
    outcome = models.CharField(_("结论"), max_length=16, choices=Outcome.choices)
    reason_codes = models.JSONField(_("理由"), default=list)
    explanation = models.TextField(_("说明"), max_length=5000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评审决定")
        verbose_name_plural = _("评审决定")
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="decision_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()}"


class Holiday(models.Model):
    """A day that breaks the Monday–Friday rule of working days: a public holiday on a weekday,
    or a weekend day worked instead (调休). Staff keep the year's list in /admin/."""

    class Kind(models.TextChoices):
        OFF = "off", _("休息日（法定节假日）")
        WORKDAY = "workday", _("调休上班日")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.OFF)
    name = models.CharField(_("名称"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()}"


def new_token() -> str:
    import secrets

    return secrets.token_hex(16)


class Publicity(models.Model):
    """One 公示 of an application: what was shown, from when to when (working days), and how it
    ended. ``objections_count`` moves with a conditional UPDATE that also checks the period, so
    an objection and the close cannot cross."""

    class Result(models.TextChoices):
        PASSED = "passed", _("公示无异议")
        UPHELD = "upheld", _("异议成立")
        WITHDRAWN = "withdrawn", _("申请已撤回")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="publicities"
    )
    kind = models.CharField(_("申请类别"), max_length=40)
    stage = models.CharField(_("阶段"), max_length=40)
    round = models.PositiveSmallIntegerField(_("轮次"))
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    title = models.CharField(_("公示标题"), max_length=200)
    summary = models.TextField(_("公示内容"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("公示开始"))
    ends_at = models.DateTimeField(_("公示结束"))
    objections_count = models.PositiveIntegerField(_("异议数"), default=0)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    result = models.CharField(_("公示结果"), max_length=12, choices=Result.choices, blank=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(closed_at__isnull=True),
                name="publicity_one_open_per_application",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="publicity_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["kind", "closed_at", "ends_at"], name="publicity_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Objections are accepted: not closed and within the period."""
        now = timezone.now()
        return self.closed_at is None and self.starts_at <= now < self.ends_at


class Objection(models.Model):
    """An objection sent in during a 公示, and how staff handled it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    publicity = models.ForeignKey(
        Publicity, on_delete=models.CASCADE, related_name="objections", verbose_name=_("公示")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_objections",
        verbose_name=_("提出人"),
    )
    text = models.TextField(_("异议内容"), max_length=1000)
    submitted_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("处理结果"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    response = models.TextField(_("书面答复"), max_length=2000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | (~Q(response="") & Q(handled_at__isnull=False)),
                name="objection_handled_with_response",
            )
        ]
        indexes = [models.Index(fields=["publicity", "status"], name="objection_status")]

    def __str__(self) -> str:
        return f"{self.publicity} · {self.get_status_display()}"
