"""One application → review → decision workflow, reused by every app that reviews something.

An ``Application`` is the workflow record of one subject (a proposal, later an office-space
application, a nomination …); the subject model points at it with a OneToOne and the subject's
kind is a key of the registry (``reviews.registry``). Reviewers are ``Assignment`` rows with their
private findings and their ``Score`` rows against the ``Rubric`` of the application. A decision is
taken once per round: the state moves with a conditional UPDATE and the ``Decision`` row is unique
per (application, round), so two staff deciding at once cannot both win.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
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


# The only moves the workflow knows. Resubmitting after "needs revision" starts a new round.
TRANSITIONS: dict[str, set[str]] = {
    State.SUBMITTED: {State.ELIGIBILITY, State.WITHDRAWN},
    State.ELIGIBILITY: {State.UNDER_REVIEW, State.DECIDED, State.WITHDRAWN},
    State.UNDER_REVIEW: {State.DECIDED, State.WITHDRAWN},
    State.DECIDED: {State.IN_PROGRESS, State.SUBMITTED},
    State.IN_PROGRESS: {State.CLOSED},
    State.CLOSED: set(),
    State.WITHDRAWN: set(),
}


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
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
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

    def can_move_to(self, state: str) -> bool:
        return state in TRANSITIONS.get(self.state, set())


class Transition(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("原状态"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=State.choices)
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


class Assignment(models.Model):
    """One reviewer on one application in one round, with their private findings and their score
    sheet. A resubmission after "needs revision" is a new round, reviewed afresh."""

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
                fields=["application", "round", "reviewer"], name="assignment_one_per_reviewer"
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
