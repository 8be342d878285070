"""Writes of the review workflow. Each service is one transaction (``core.kit.service``),
audited, and announces itself.

Every stage change is a conditional UPDATE on the stage the caller saw (``WHERE id=? AND
state=?``): when two people act at once, exactly one update matches and the other gets a
``ReviewError`` with status 409, whatever the database. Only the moves the kind declares
(``registry.Stage.next``) happen; leaving a review stage needs the stage's number of scored
sheets; entering a publicity (公示) stage opens a ``Publicity``, and only ``publicity_close``
leaves it, once the period is over and every objection is handled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError, refusal_audit, service
from threecenters.core.models import User
from threecenters.notify.services import notification_send
from threecenters.reviews import registry, workdays
from threecenters.reviews.models import (
    Application,
    Assignment,
    Criterion,
    Decision,
    Objection,
    Outcome,
    Publicity,
    Rubric,
    Score,
    Transition,
)
from threecenters.reviews.registry import Stage, StageKind

OTHER_REASON = "other"
OTHER_REASON_LABEL = gettext_lazy("其他")
# stages a reviewer can be put on from: the review stage itself or the steps before it
ASSIGNABLE_KINDS = {StageKind.INTAKE, StageKind.ELIGIBILITY, StageKind.REVIEW}


class ReviewError(ServiceError):
    """The review kernel's refusals: core's ServiceError, with the status first."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message, code=code, status=status, fields=fields)


def _conflict() -> ReviewError:
    return ReviewError(409, "state_changed", _("该申请的状态已经变化，请刷新后再试。"))


def _record(application: Application, *, actor: User | None, before: str, after: str, note: str):
    Transition.objects.create(
        application=application, from_state=before, to_state=after, actor=actor, note=note[:500]
    )


def scored_count(application: Application, stage: Stage) -> int:
    return Assignment.objects.filter(
        application=application,
        round=application.round,
        stage=stage.code,
        scored_at__isnull=False,
    ).count()


def _check_reviewers(application: Application, stage: Stage, *, deciding: bool) -> None:
    needed = registry.get(application.kind).reviewers_needed(stage)
    scored = scored_count(application, stage)
    if scored >= needed:
        return
    if deciding:
        message = _("至少需要 %(n)s 位专家提交评分后才能作出决定（目前 %(m)s 位）。")
    else:
        message = _("至少需要 %(n)s 位评审人提交评分后才能进入下一阶段（目前 %(m)s 位）。")
    raise ReviewError(409, "too_few_reviews", message % {"n": needed, "m": scored})


def _not_allowed(application: Application) -> ReviewError:
    return ReviewError(
        409,
        "transition_not_allowed",
        _("当前状态“%(state)s”下不能进行此操作。") % {"state": application.get_state_display()},
    )


def _move(application: Application, *, actor: User | None, to: str, note: str = "", **extra):
    """Move along one declared move, guarded by the stage we saw."""
    before = application.state
    spec = registry.get(application.kind)
    stage = spec.stage(before)
    if to not in stage.next:
        raise _not_allowed(application)
    target = spec.stage(to)
    open_publicity = None
    if stage.kind == StageKind.PUBLICITY:
        open_publicity = Publicity.objects.filter(
            application=application, closed_at__isnull=True
        ).first()
        if open_publicity is not None and target.kind != StageKind.WITHDRAWN:
            raise ReviewError(
                409,
                "publicity_open",
                _("公示期满且异议处理完毕后，请通过“结束公示”进入下一阶段。"),
            )
    if stage.kind == StageKind.REVIEW and target.kind not in {
        StageKind.WITHDRAWN,
        StageKind.DECISION,  # application_decide checks, with its own message
    }:
        _check_reviewers(application, stage, deciding=False)
    now = timezone.now()
    changed = Application.objects.filter(pk=application.pk, state=before).update(
        state=to, updated_at=now, **extra
    )
    if changed != 1:
        raise _conflict()
    application.state = to
    for key, value in extra.items():
        setattr(application, key, value)
    _record(application, actor=actor, before=before, after=to, note=note)
    if open_publicity is not None:  # withdrawn during the 公示
        Publicity.objects.filter(pk=open_publicity.pk, closed_at__isnull=True).update(
            closed_at=now, closed_by=actor, result=Publicity.Result.WITHDRAWN
        )
    if target.kind == StageKind.PUBLICITY:
        _publicity_open(application, target, at=now)


def _publicity_open(application: Application, stage: Stage, *, at: datetime) -> Publicity:
    text = registry.get(application.kind).public_text(application)
    starts, ends = workdays.publicity_window(at, stage.publicity_days)
    return Publicity.objects.create(
        application=application,
        kind=application.kind,
        stage=stage.code,
        round=application.round,
        title=str(text.title)[:200],
        summary=str(text.summary)[:4000],
        starts_at=starts,
        ends_at=ends,
    )


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


@service
def application_open(*, actor: User, kind: str, variant: str = "", note: str = "") -> Application:
    """Start the workflow for a subject that is being submitted: it enters the kind's first
    stage."""
    spec = registry.get(kind)
    application = Application.objects.create(
        kind=kind,
        state=spec.first.code,
        applicant=actor,
        rubric=rubric_for(kind=kind, variant=variant),
    )
    _record(application, actor=actor, before="", after=spec.first.code, note=note)
    if spec.first.kind == StageKind.PUBLICITY:
        _publicity_open(application, spec.first, at=timezone.now())
    audit_record(actor=actor, action="review.submitted", obj=application)
    return application


@service
def application_transition(
    *, actor: User | None, application: Application, to: str, note: str = ""
) -> Application:
    """One declared move. A decision is taken with ``application_decide``, and a 公示 is left
    with ``publicity_close``; this service refuses to do either without them."""
    before = application.state
    spec = registry.get(application.kind)
    if to in spec.transitions.get(before, set()) and spec.stage(to).kind == StageKind.DECISION:
        raise ReviewError(409, "decision_needed", _("请通过“作出决定”办理。"))
    _move(application, actor=actor, to=to, note=note)
    audit_record(
        actor=actor,
        action="review.transition",
        obj=application,
        changes={"state": [before, to], "note": note[:200]},
    )
    return application


@service
def application_resubmit(*, actor: User, application: Application, note: str = "") -> Application:
    """After "needs revision": back to the kind's first stage, in a new round."""
    spec = registry.get(application.kind)
    if (
        application.stage.kind != StageKind.DECISION
        or application.outcome != Outcome.NEEDS_REVISION
    ):
        raise ReviewError(409, "not_revisable", _("只有“需修改”的申请可以重新提交。"))
    _move(
        application,
        actor=actor,
        to=spec.first.code,
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


def _path_to_review(application: Application) -> list[Stage] | None:
    """The stages from the current one to the review stage a new reviewer is for: the current
    stage if it is a review stage, else the declared steps forward (eligibility, review)."""
    spec = registry.get(application.kind)
    stage = application.stage
    path = [stage]
    while stage.kind != StageKind.REVIEW:
        if stage.kind not in ASSIGNABLE_KINDS:
            return None
        ahead = [spec.stage(code) for code in stage.next]
        step = next((s for s in ahead if s.kind == StageKind.REVIEW), None) or next(
            (s for s in ahead if s.kind == StageKind.ELIGIBILITY), None
        )
        if step is None or step in path:
            return None
        path.append(step)
        stage = step
    return path


@service
def assignment_create(
    *,
    actor: User,
    application: Application,
    reviewer: User,
    conflict: bool = False,
    override_reason: str = "",
) -> Assignment:
    """Put a reviewer on the current review stage (or the next one, moving the application
    there). A reviewer with a conflict of interest needs an explicit override reason. Assigning
    a reviewer who is already on the stage is refused (409 ``already_assigned``) and changes
    nothing."""
    path = _path_to_review(application)
    if path is None:
        raise ReviewError(409, "not_assignable", _("该申请当前不能指派评审专家。"))
    stage = path[-1]
    override_reason = override_reason.strip()
    if conflict and not override_reason:
        raise ReviewError(
            422,
            "conflict_needs_override",
            _("该专家与申请社区存在关联，如仍要指派，请填写理由。"),
            {"override_reason": [_("存在利益关联时必须填写仍然指派的理由。")]},
        )
    found = {
        "application": application,
        "round": application.round,
        "stage": stage.code,
        "reviewer": reviewer,
    }
    already = ReviewError(409, "already_assigned", _("该专家已分配。"))
    if Assignment.objects.filter(**found).exists():
        raise already
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                **found,
                assigned_by=actor,
                conflict=conflict,
                override_reason=override_reason if conflict else "",
            )
    except IntegrityError:  # the same assignment made at the same moment
        raise already from None
    note = _("指派评审专家")
    for step in path[1:]:
        _move(application, actor=actor, to=step.code, note=note)
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


@service
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


@service
def scores_submit(
    *, actor: User, application: Application, scores: dict[str, tuple[int, str]]
) -> Assignment:
    """Submit a reviewer's score sheet for the current review stage: every criterion of the
    rubric, 1–5, with a comment. A sheet is submitted once."""
    mine = Assignment.objects.filter(
        application=application, round=application.round, reviewer=actor
    )
    if not mine.exists():
        raise ReviewError(403, "not_assigned", _("您没有被指派评审此申请，不能评分。"))
    assignment = mine.filter(stage=application.state).first()
    if application.stage.kind != StageKind.REVIEW or assignment is None:
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


def _already_decided() -> ReviewError:
    return ReviewError(409, "already_decided", _("该申请已经作出决定，不能重复决定。"))


@service
def application_decide(
    *,
    actor: User,
    application: Application,
    outcome: str,
    reason_codes: list[str],
    explanation: str,
) -> Decision:
    """Decide once per round, moving to the stage's decision stage. From a review stage the
    stage's number of scored sheets is needed first. The stage moves with a conditional UPDATE
    and the decision row is unique per (application, round): of two deciding at once, exactly
    one wins."""
    spec = registry.get(application.kind)
    stage = application.stage
    if stage.kind == StageKind.REVIEW:
        _check_reviewers(application, stage, deciding=True)
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
    if stage.kind == StageKind.DECISION:
        raise _already_decided()
    target = application.decision_stage()
    if target is None:
        raise ReviewError(409, "not_decidable", _("该申请当前不能作出决定。"))
    now = timezone.now()
    try:
        _move(
            application,
            actor=actor,
            to=target,
            note=explanation[:200],
            outcome=outcome,
            decided_at=now,
        )
    except ReviewError as exc:
        if exc.code == "state_changed":
            raise _already_decided() from None
        raise
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
        raise _already_decided() from None
    audit_record(
        actor=actor,
        action="review.decided",
        obj=application,
        changes={"outcome": outcome, "reasons": codes, "round": application.round},
    )
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


# ---------------------------------------------------------------- publicity (公示)
@dataclass
class CloseResult:
    publicity: Publicity
    application: Application


def _publicity_refusal(exc: ReviewError, *, actor: User | None, publicity: Publicity):
    refusal_audit(
        actor=actor, action="review.publicity_close", obj=publicity, changes={"code": exc.code}
    )
    return exc


@service
def publicity_close(
    *, actor: User | None, publicity: Publicity, note: str = "", now: datetime | None = None
) -> CloseResult:
    """End a 公示 that is over and whose objections are all handled: on to the stage's next
    stage, or along its "objection upheld" path when an objection was upheld. The publicity row
    is claimed first with a conditional UPDATE, the same row an objection's UPDATE needs, so an
    objection cannot slip in while it closes; of two people closing at once, one wins."""
    now = now or timezone.now()
    claimed = Publicity.objects.filter(
        pk=publicity.pk, closed_at__isnull=True, ends_at__lte=now
    ).update(closed_at=now, closed_by=actor)
    if claimed != 1:
        current = Publicity.objects.get(pk=publicity.pk)
        if current.closed_at is not None:
            exc = ReviewError(409, "publicity_closed", _("该公示已经办结。"))
        else:
            exc = ReviewError(
                409,
                "publicity_not_over",
                _("公示期至 %(day)s 结束，期满后才能结束公示。")
                % {"day": workdays.local_last_day(current.ends_at).isoformat()},
            )
        raise _publicity_refusal(exc, actor=actor, publicity=publicity)
    statuses = list(publicity.objections.values_list("status", flat=True))
    pending = statuses.count(Objection.Status.PENDING)
    if pending:
        exc = ReviewError(
            409,
            "objections_pending",
            _("还有 %(n)s 条异议未处理，全部处理后才能结束公示。") % {"n": pending},
        )
        raise _publicity_refusal(exc, actor=actor, publicity=publicity)
    upheld = Objection.Status.UPHELD in statuses
    application = Application.objects.get(pk=publicity.application_id)
    stage = registry.get(application.kind).stage(publicity.stage)
    if application.state != stage.code:
        raise _publicity_refusal(_conflict(), actor=actor, publicity=publicity)
    result = Publicity.Result.UPHELD if upheld else Publicity.Result.PASSED
    Publicity.objects.filter(pk=publicity.pk).update(result=result)
    publicity.closed_at, publicity.closed_by, publicity.result = now, actor, result
    _move(
        application,
        actor=actor,
        to=stage.upheld if upheld else stage.next[0],
        note=note or str(publicity.get_result_display()),
    )
    audit_record(
        actor=actor,
        action="review.publicity_closed",
        obj=publicity,
        changes={"result": result, "state": application.state},
        label="" if actor is not None else "reviews_close_publicity",
    )
    return CloseResult(publicity=publicity, application=application)


def publicities_close_due(*, now: datetime | None = None) -> tuple[int, int]:
    """Close every 公示 that is over and has no unhandled objection (the close command and task).
    Returns (closed, left open); one that someone else closed meanwhile is simply skipped."""
    now = now or timezone.now()
    due = Publicity.objects.filter(closed_at__isnull=True, ends_at__lte=now)
    waiting = due.filter(objections__status=Objection.Status.PENDING).distinct().count()
    ready = due.exclude(objections__status=Objection.Status.PENDING).order_by("ends_at", "id")
    closed = 0
    for publicity in ready.iterator():
        try:
            publicity_close(actor=None, publicity=publicity, now=now)
            closed += 1
        except ReviewError:
            waiting += 1
    return closed, waiting


OBJECTION_MIN, OBJECTION_MAX = 5, 1000
RESPONSE_MAX = 2000


def _limited(*, actor: User, publicity: Publicity, ip: str | None) -> ReviewError | None:
    from threecenters.people.services import rate_hit

    if not rate_hit(
        key=f"objection-user:{actor.pk}",
        limit=settings.REVIEW_OBJECTIONS_PER_DAY,
        window_seconds=86400,
    ):
        return ReviewError(429, "too_many_objections", _("您今天提交的异议已达上限，请明天再试。"))
    if not rate_hit(
        key=f"objection-ip:{ip or '-'}",
        limit=settings.REVIEW_OBJECTIONS_PER_IP_HOUR,
        window_seconds=3600,
    ):
        return ReviewError(429, "too_many_objections", _("此网络提交异议太频繁，请稍后再试。"))
    return None


@service
def objection_submit(
    *, actor: User, publicity: Publicity, text: str, ip: str | None = None
) -> Objection:
    """Record an objection to a 公示 while it runs. Signed-in accounts only, a limited number per
    account a day and per network an hour; objections after the end are refused."""
    text = (text or "").strip()
    if not OBJECTION_MIN <= len(text) <= OBJECTION_MAX:
        message = _("异议内容请写 %(min)s 到 %(max)s 个字。") % {
            "min": OBJECTION_MIN,
            "max": OBJECTION_MAX,
        }
        raise ReviewError(422, "invalid", message, {"text": [message]})
    limited = _limited(actor=actor, publicity=publicity, ip=ip)
    if limited is not None:
        refusal_audit(
            actor=actor, action="review.objection", obj=publicity, changes={"code": limited.code}
        )
        raise limited
    now = timezone.now()
    counted = Publicity.objects.filter(
        pk=publicity.pk, closed_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    ).update(objections_count=F("objections_count") + 1)
    if counted != 1:
        exc = ReviewError(409, "publicity_over", _("公示期已结束，不再受理异议。"))
        refusal_audit(
            actor=actor, action="review.objection", obj=publicity, changes={"code": exc.code}
        )
        raise exc
    objection = Objection.objects.create(
        publicity=publicity, author=actor, text=text, submitted_at=now
    )
    audit_record(
        actor=actor, action="review.objection", obj=publicity, changes={"id": objection.pk}
    )
    return objection


@service
def objection_handle(
    *, actor: User, objection: Objection, outcome: str, response: str
) -> Objection:
    """Staff decide an objection: upheld or dismissed, with a written response the objector
    receives in their inbox. Each objection is handled once."""
    errors: dict[str, list[str]] = {}
    if outcome not in {Objection.Status.UPHELD, Objection.Status.DISMISSED}:
        errors["outcome"] = [_("请选择异议是否成立。")]
    response = (response or "").strip()
    if not response:
        errors["response"] = [_("请填写书面答复。")]
    elif len(response) > RESPONSE_MAX:
        errors["response"] = [_("答复最多 %(n)s 个字。") % {"n": RESPONSE_MAX}]
    if errors:
        raise ReviewError(422, "invalid", _("处理内容不完整，请检查后再提交。"), errors)
    now = timezone.now()
    handled = Objection.objects.filter(
        pk=objection.pk, status=Objection.Status.PENDING, publicity__closed_at__isnull=True
    ).update(status=outcome, response=response, handled_by=actor, handled_at=now)
    if handled != 1:
        exc = ReviewError(409, "already_handled", _("该异议已经处理过了。"))
        refusal_audit(
            actor=actor,
            action="review.objection_handled",
            obj=objection,
            changes={"code": exc.code},
        )
        raise exc
    objection.status, objection.response = outcome, response
    objection.handled_by, objection.handled_at = actor, now
    audit_record(
        actor=actor,
        action="review.objection_handled",
        obj=objection,
        changes={"outcome": outcome, "response": response[:200]},
    )
    publicity = objection.publicity
    notification_send(
        user=objection.author,
        kind="review.objection_handled",
        title=_("您对“%(title)s”提出的异议已处理：%(outcome)s")
        % {"title": publicity.title, "outcome": objection.get_status_display()},
        body=response[:200],
        url=reverse("reviews:publicity-item", args=[publicity.token]),
        dedupe_key=f"objection-handled-{objection.pk}",
    )
    return objection
