"""Writes of the review workflow. Each service is one transaction, audited, and announces itself.

Every state change is a conditional UPDATE on the state the caller saw (``WHERE id=? AND
state=?``): when two people act at once, exactly one update matches and the other gets a
``ReviewError`` with status 409, whatever the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from threecenters.core.audit import audit_record
from threecenters.core.models import User
from threecenters.core.pagecache import data_changed
from threecenters.notify.services import notification_send
from threecenters.reviews import registry
from threecenters.reviews.models import (
    Application,
    Assignment,
    Criterion,
    Decision,
    Outcome,
    Rubric,
    Score,
    State,
    Transition,
)

OTHER_REASON = "other"
OTHER_REASON_LABEL = gettext_lazy("其他")
ASSIGNABLE_STATES = {State.SUBMITTED, State.ELIGIBILITY, State.UNDER_REVIEW}


@dataclass
class ReviewError(Exception):
    """A refusal with an HTTP-like status, a stable code and a localized message."""

    status: int
    code: str
    message: str
    fields: dict | None = None

    def __str__(self) -> str:
        return self.message


def _conflict() -> ReviewError:
    return ReviewError(409, "state_changed", _("该申请的状态已经变化，请刷新后再试。"))


def _record(application: Application, *, actor: User | None, before: str, after: str, note: str):
    Transition.objects.create(
        application=application, from_state=before, to_state=after, actor=actor, note=note[:500]
    )


def _move(application: Application, *, actor: User | None, to: str, note: str = "", **extra):
    """Move along one listed transition, guarded by the state we saw."""
    before = application.state
    if not application.can_move_to(to):
        raise ReviewError(
            409,
            "transition_not_allowed",
            _("当前状态“%(state)s”下不能进行此操作。") % {"state": application.get_state_display()},
        )
    now = timezone.now()
    data_changed("reviews")  # the UPDATE below sends no signal
    changed = Application.objects.filter(pk=application.pk, state=before).update(
        state=to, updated_at=now, **extra
    )
    if changed != 1:
        raise _conflict()
    application.state = to
    for key, value in extra.items():
        setattr(application, key, value)
    _record(application, actor=actor, before=before, after=to, note=note)


def rubric_for(*, kind: str, variant: str = "") -> Rubric:
    """The rubric for a kind (and variant, falling back to the kind's general one); created from
    the registry's default criteria the first time it is needed, then edited by staff in admin."""
    rubric = Rubric.objects.filter(kind=kind, variant=variant).first()
    if rubric is None and variant:
        rubric = Rubric.objects.filter(kind=kind, variant="").first()
    if rubric is not None:
        return rubric
    spec = registry.get(kind)
    rubric, created = Rubric.objects.get_or_create(
        kind=kind, variant="", defaults={"name": str(spec.label)}
    )
    if created:
        Criterion.objects.bulk_create(
            Criterion(rubric=rubric, code=c.code, label=str(c.label), weight=c.weight, sort=i)
            for i, c in enumerate(spec.default_rubric)
        )
    return rubric


@transaction.atomic
def application_open(*, actor: User, kind: str, variant: str = "", note: str = "") -> Application:
    """Start the workflow for a subject that is being submitted."""
    registry.get(kind)
    application = Application.objects.create(
        kind=kind, applicant=actor, rubric=rubric_for(kind=kind, variant=variant)
    )
    _record(application, actor=actor, before="", after=State.SUBMITTED, note=note)
    audit_record(actor=actor, action="review.submitted", obj=application)
    return application


@transaction.atomic
def application_transition(
    *, actor: User, application: Application, to: str, note: str = ""
) -> Application:
    before = application.state
    _move(application, actor=actor, to=to, note=note)
    audit_record(
        actor=actor,
        action="review.transition",
        obj=application,
        changes={"state": [before, to], "note": note[:200]},
    )
    return application


@transaction.atomic
def application_resubmit(*, actor: User, application: Application, note: str = "") -> Application:
    """After "needs revision": back to submitted, in a new round."""
    if application.state != State.DECIDED or application.outcome != Outcome.NEEDS_REVISION:
        raise ReviewError(409, "not_revisable", _("只有“需修改”的申请可以重新提交。"))
    _move(
        application,
        actor=actor,
        to=State.SUBMITTED,
        note=note,
        round=application.round + 1,
        outcome="",
        submitted_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="review.resubmitted",
        obj=application,
        changes={"round": application.round},
    )
    return application


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    application: Application,
    reviewer: User,
    conflict: bool = False,
    override_reason: str = "",
) -> Assignment:
    """Put a reviewer on an application. A reviewer with a conflict of interest needs an explicit
    override reason. Assigning the same reviewer twice returns the first assignment."""
    if application.state not in ASSIGNABLE_STATES:
        raise ReviewError(409, "not_assignable", _("该申请当前不能指派评审专家。"))
    override_reason = override_reason.strip()
    if conflict and not override_reason:
        raise ReviewError(
            422,
            "conflict_needs_override",
            _("该专家与申请社区存在关联，如仍要指派，请填写理由。"),
            {"override_reason": [_("存在利益关联时必须填写仍然指派的理由。")]},
        )
    existing = Assignment.objects.filter(
        application=application, round=application.round, reviewer=reviewer
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                application=application,
                round=application.round,
                reviewer=reviewer,
                assigned_by=actor,
                conflict=conflict,
                override_reason=override_reason if conflict else "",
            )
    except IntegrityError:
        return Assignment.objects.get(
            application=application, round=application.round, reviewer=reviewer
        )
    note = _("指派评审专家")
    if application.state == State.SUBMITTED:
        _move(application, actor=actor, to=State.ELIGIBILITY, note=note)
    if application.state == State.ELIGIBILITY:
        _move(application, actor=actor, to=State.UNDER_REVIEW, note=note)
    audit_record(
        actor=actor,
        action="review.assigned",
        obj=application,
        changes={"reviewer": reviewer.pk, "conflict": conflict, "override_reason": override_reason},
    )
    spec = registry.get(application.kind)
    notification_send(
        user=reviewer,
        kind="review.assigned",
        title=_("您有一项新的评审任务"),
        body=str(spec.label),
        url=spec.subject_url(application),
        dedupe_key=f"review-assigned-{assignment.pk}",
    )
    return assignment


@transaction.atomic
def findings_save(*, actor: User, assignment: Assignment, findings: str) -> Assignment:
    if assignment.reviewer_id != actor.pk:
        raise ReviewError(403, "not_your_assignment", _("只能填写自己的评审意见。"))
    assignment.findings = findings.strip()[:5000]
    assignment.save(update_fields=["findings"])
    audit_record(actor=actor, action="review.findings_saved", obj=assignment)
    return assignment


def weighted(values: dict[int, int], weights: dict[int, int]) -> Decimal:
    total = sum(weights.values())
    raw = Decimal(sum(values[k] * weights[k] for k in weights)) / Decimal(total)
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def scores_submit(
    *, actor: User, application: Application, scores: dict[str, tuple[int, str]]
) -> Assignment:
    """Submit a reviewer's score sheet: every criterion of the rubric, 1–5, with a comment.
    A sheet is submitted once."""
    assignment = Assignment.objects.filter(
        application=application, round=application.round, reviewer=actor
    ).first()
    if assignment is None:
        raise ReviewError(403, "not_assigned", _("您没有被指派评审此申请，不能评分。"))
    if application.state != State.UNDER_REVIEW:
        raise ReviewError(409, "not_under_review", _("该申请不在评审阶段，不能评分。"))
    criteria = list(application.rubric.criteria.all()) if application.rubric_id else []
    errors: dict[str, list[str]] = {}
    clean: dict[int, tuple[int, str]] = {}
    for criterion in criteria:
        entry = scores.get(criterion.code)
        if entry is None:
            errors[criterion.code] = [_("请为此项打分。")]
            continue
        value, comment = entry
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[criterion.code] = [_("分数必须是 1 到 5 之间的整数。")]
            continue
        clean[criterion.pk] = (value, str(comment or "").strip()[:500])
    unknown = set(scores) - {c.code for c in criteria}
    for code in unknown:
        errors[code] = [_("没有这个评分项。")]
    if errors:
        raise ReviewError(422, "invalid_scores", _("评分有误，请检查后再提交。"), errors)
    total = weighted({k: v[0] for k, v in clean.items()}, {c.pk: c.weight for c in criteria})
    now = timezone.now()
    data_changed("reviews")  # the UPDATE below sends no signal
    claimed = Assignment.objects.filter(pk=assignment.pk, scored_at__isnull=True).update(
        scored_at=now, weighted_score=total
    )
    if claimed != 1:
        raise ReviewError(409, "already_scored", _("您已经提交过评分，不能重复提交。"))
    Score.objects.bulk_create(
        Score(assignment=assignment, criterion_id=pk, value=v, comment=c)
        for pk, (v, c) in clean.items()
    )
    assignment.scored_at = now
    assignment.weighted_score = total
    audit_record(
        actor=actor, action="review.scored", obj=application, changes={"weighted": str(total)}
    )
    return assignment


def reason_choices(kind: str) -> list[tuple[str, str]]:
    spec = registry.get(kind)
    return [*spec.reason_codes, (OTHER_REASON, OTHER_REASON_LABEL)]


@transaction.atomic
def application_decide(
    *,
    actor: User,
    application: Application,
    outcome: str,
    reason_codes: list[str],
    explanation: str,
) -> Decision:
    """Decide once per round. The state moves with a conditional UPDATE and the decision row is
    unique per (application, round): of two people deciding at once, exactly one wins."""
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("请选择评审结论。")]
    allowed = {code for code, _label in reason_choices(application.kind)}
    codes = list(dict.fromkeys(str(c) for c in reason_codes))
    if any(c not in allowed for c in codes):
        errors["reason_codes"] = [_("理由代码无效。")]
    elif outcome in {Outcome.REJECTED, Outcome.NEEDS_REVISION} and not codes:
        errors["reason_codes"] = [_("不通过或需修改时，请至少选择一项理由。")]
    explanation = (explanation or "").strip()
    if not explanation:
        errors["explanation"] = [_("请填写决定说明。")]
    if errors:
        raise ReviewError(422, "invalid_decision", _("决定内容不完整，请检查后再提交。"), errors)
    if application.state == State.DECIDED:
        raise ReviewError(409, "already_decided", _("该申请已经作出决定，不能重复决定。"))
    if application.state not in {State.UNDER_REVIEW, State.ELIGIBILITY}:
        raise ReviewError(409, "not_decidable", _("该申请当前不能作出决定。"))
    now = timezone.now()
    before = application.state
    data_changed("reviews")  # the UPDATE below sends no signal
    changed = Application.objects.filter(pk=application.pk, state=before).update(
        state=State.DECIDED, outcome=outcome, decided_at=now, updated_at=now
    )
    if changed != 1:
        raise ReviewError(409, "already_decided", _("该申请已经作出决定，不能重复决定。"))
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                application=application,
                round=application.round,
                outcome=outcome,
                reason_codes=codes,
                explanation=explanation[:5000],
                decided_by=actor,
                decided_at=now,
            )
    except IntegrityError:
        raise ReviewError(409, "already_decided", _("该申请已经作出决定，不能重复决定。")) from None
    application.state, application.outcome, application.decided_at = State.DECIDED, outcome, now
    _record(application, actor=actor, before=before, after=State.DECIDED, note=explanation[:200])
    audit_record(
        actor=actor,
        action="review.decided",
        obj=application,
        changes={"outcome": outcome, "reasons": codes, "round": application.round},
    )
    spec = registry.get(application.kind)
    title = _("您的申请有了评审结果：%(outcome)s") % {"outcome": decision.get_outcome_display()}
    recipients = {application.applicant_id: application.applicant}
    for user in spec.decision_recipients(application):
        recipients.setdefault(user.pk, user)
    for user in recipients.values():
        notification_send(
            user=user,
            kind="review.decided",
            title=title,
            body=explanation[:200],
            url=spec.subject_url(application),
            dedupe_key=f"review-decided-{application.pk}-{application.round}-{user.pk}",
        )
    return decision
