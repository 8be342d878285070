"""Writes for proposals: drafts, submission, experts, site visits, scores, decisions, tracking.

The workflow itself (states, assignments, scores, decisions) lives in ``threecenters.reviews``;
these services add what is particular to proposals and call the kernel inside one transaction.
Refusals are ``ReviewError`` with an HTTP-like status, a code and a localized message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files import File
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from threecenters.core import roles
from threecenters.core.audit import audit_record, changed_fields
from threecenters.core.kit import UNSET, given, service
from threecenters.core.models import Area, Center, User
from threecenters.governance.models import Case
from threecenters.governance.services import case_create
from threecenters.notify.services import notification_send
from threecenters.projects import services as projects
from threecenters.projects.models import ClosingReport, Milestone, ProgressUpdate, Project
from threecenters.proposals.kind import KIND
from threecenters.proposals.models import (
    SNAPSHOT_FIELDS,
    Expert,
    Measurement,
    Proposal,
    ProposalFile,
    ProposalVersion,
    SiteVisit,
    VisitPhoto,
)
from threecenters.proposals.project import KIND as PROJECT_KIND
from threecenters.reviews import services as review
from threecenters.reviews.models import Assignment, Decision, State, Transition
from threecenters.reviews.services import ReviewError
from threecenters.search.services import document_index

REQUIRED_FOR_SUBMISSION = [
    "title",
    "type",
    "address",
    "area_m2",
    "expected_daily_participants",
    "target_groups",
    "budget_fen",
    "funding_source",
    "duration_months",
    "description",
]


def _snapshot(proposal: Proposal) -> dict[str, Any]:
    data = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(proposal, name)
        data[name] = str(value) if isinstance(value, Decimal) else value
    return data


def _index(proposal: Proposal) -> None:
    """Keep the search index in step with the proposal (drafts stay out of it)."""
    document_index(obj=proposal)


def _editable(proposal: Proposal) -> None:
    if not proposal.editable:
        raise ReviewError(409, "not_editable", _("该提案已进入评审或已作出决定，不能再修改。"))


@service
def proposal_save(
    *,
    actor: User,
    community: Area | None = None,
    proposal: Proposal | None = None,
    submit: bool = False,
    title: str = UNSET,
    type: str = UNSET,  # noqa: A002 — the model's field name
    address: str = UNSET,
    building_part: str = UNSET,
    latitude: Decimal | None = UNSET,
    longitude: Decimal | None = UNSET,
    area_m2: Decimal | None = UNSET,
    expected_daily_participants: int | None = UNSET,
    target_groups: str = UNSET,
    opening_hours: str = UNSET,
    budget_fen: int | None = UNSET,
    funding_source: str = UNSET,
    duration_months: int | None = UNSET,
    description: str = UNSET,
) -> Proposal:
    """Create a draft or save changes to a draft (or to a proposal sent back for revision): the
    fields given change, the rest stay. ``submit``: submit it too, in the same transaction, so
    a refused submission saves nothing (the page's "save and submit" and the API's
    ``submit: true`` are this one call)."""
    fields = given(
        title=title,
        type=type,
        address=address,
        building_part=building_part,
        latitude=latitude,
        longitude=longitude,
        area_m2=area_m2,
        expected_daily_participants=expected_daily_participants,
        target_groups=target_groups,
        opening_hours=opening_hours,
        budget_fen=budget_fen,
        funding_source=funding_source,
        duration_months=duration_months,
        description=description,
    )
    if proposal is None:
        if community is None:
            raise ValueError("a new proposal needs a community")
        proposal = Proposal(
            community=community, subdistrict_id=community.parent_id, author=actor, **fields
        )
        proposal.save()
        audit_record(actor=actor, action="proposal.created", obj=proposal)
    else:
        # re-read under the state guard: a decision may have been taken meanwhile
        proposal = Proposal.objects.select_related("application").get(pk=proposal.pk)
        _editable(proposal)
        before = _snapshot(proposal)
        for key, value in fields.items():
            setattr(proposal, key, value)
        proposal.save()
        audit_record(
            actor=actor,
            action="proposal.updated",
            obj=proposal,
            changes=changed_fields(before, _snapshot(proposal)),
        )
    _index(proposal)
    if submit:
        proposal = proposal_submit(actor=actor, proposal=proposal)
    return proposal


def missing_fields(proposal: Proposal) -> list[str]:
    missing = [name for name in REQUIRED_FOR_SUBMISSION if getattr(proposal, name) in (None, "")]
    return missing


def _governance_staff(proposal: Proposal) -> list[User]:
    return list(
        User.objects.filter(
            roles__role=roles.Role.CENTER_STAFF,
            roles__center__kind=Center.Kind.GOVERNANCE,
            roles__center__subdistrict_id=proposal.community.parent_id,
            is_active=True,
        ).distinct()
    )


@service
def proposal_submit(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """Submit a draft, or resubmit a revision as a new version. Idempotent for a proposal that is
    already submitted and unchanged."""
    proposal = Proposal.objects.select_related("application", "community").get(pk=proposal.pk)
    missing = missing_fields(proposal)
    if missing:
        raise ReviewError(
            422,
            "incomplete",
            _("提交前请补全必填项。"),
            {name: [_("此项为必填项。")] for name in missing},
        )
    if proposal.is_draft:
        application = review.application_open(
            actor=actor, kind=KIND, variant=proposal.type, note=note
        )
        proposal.application = application
    else:
        app = proposal.application
        if (
            app.state == State.SUBMITTED
            and proposal.version
            and (
                proposal.versions.filter(number=proposal.version, data=_snapshot(proposal)).exists()
            )
        ):
            return proposal
        review.application_resubmit(actor=actor, application=app, note=note)
    proposal.version += 1
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["application", "version", "submitted_at", "updated_at"])
    ProposalVersion.objects.create(
        proposal=proposal, number=proposal.version, data=_snapshot(proposal), submitted_by=actor
    )
    audit_record(
        actor=actor,
        action="proposal.submitted",
        obj=proposal,
        changes={"version": proposal.version},
    )
    _index(proposal)
    for user in _governance_staff(proposal):
        notification_send(
            user=user,
            kind="proposal.submitted",
            title=_("新的社区项目提案：%(title)s") % {"title": proposal.title},
            body=proposal.community.name,
            url=reverse("proposals:detail", args=[proposal.pk]),
            dedupe_key=f"proposal-submitted-{proposal.pk}-v{proposal.version}-{user.pk}",
        )
    return proposal


@service
def proposal_withdraw(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    if proposal.is_draft:
        raise ReviewError(409, "draft", _("草稿无需撤回。"))
    review.application_transition(
        actor=actor, application=proposal.application, to=State.WITHDRAWN, note=note
    )
    _index(proposal)
    return proposal


@service
def proposal_file_add(
    *, actor: User, proposal: Proposal, kind: str, upload: File, extension: str
) -> ProposalFile:
    """Attach a file whose content the caller has already checked (``threecenters.core.uploads``)."""
    _editable(proposal)
    upload.name = f"upload.{extension}"
    item = ProposalFile.objects.create(
        proposal=proposal,
        kind=kind,
        file=upload,
        name=(getattr(upload, "original_name", "") or upload.name)[:120],
        size=upload.size,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor, action="proposal.file_added", obj=proposal, changes={"file": item.name}
    )
    return item


def expert_conflict(expert_user: User, proposal: Proposal) -> bool:
    """An expert who lives or works in the applicant community, or holds a role there."""
    profile = Expert.objects.filter(user=expert_user).first()
    if profile is not None and profile.communities.filter(pk=proposal.community_id).exists():
        return True
    return expert_user.roles.filter(area_id=proposal.community_id).exists()


@service
def expert_assign(
    *, actor: User, proposal: Proposal, expert_user: User, override_reason: str = ""
) -> Assignment:
    if proposal.is_draft:
        raise ReviewError(409, "draft", _("草稿不能指派专家。"))
    if not expert_user.roles.filter(role=roles.Role.EXPERT).exists():
        raise ReviewError(
            422, "not_an_expert", _("只能指派智库专家。"), {"expert": [_("只能指派智库专家。")]}
        )
    return review.assignment_create(
        actor=actor,
        application=proposal.application,
        reviewer=expert_user,
        conflict=expert_conflict(expert_user, proposal),
        override_reason=override_reason,
    )


@service
def expert_save(
    *,
    actor: User,
    user: User,
    field: str,
    organisation: str = "",
    bio: str = "",
    contact_mobile: str = "",
    availability: str = Expert.Availability.AVAILABLE,
    communities: list[Area] | None = None,
) -> Expert:
    expert, created = Expert.objects.update_or_create(
        user=user,
        defaults={
            "field": field,
            "organisation": organisation,
            "bio": bio,
            "contact_mobile": contact_mobile,
            "availability": availability,
        },
    )
    if communities is not None:
        expert.communities.set(communities)
    audit_record(
        actor=actor, action="proposal.expert_saved", obj=expert, changes={"created": created}
    )
    return expert


@dataclass
class MeasurementInput:
    name: str
    value: Decimal
    unit: str


@service
def site_visit_record(
    *,
    actor: User,
    proposal: Proposal,
    visited_on: date,
    places: str,
    interviewed_count: int,
    interviewed_roles: str,
    findings: str,
    measured_area_m2: Decimal | None = None,
    foot_traffic_count: int | None = None,
    traffic_from: datetime | None = None,
    traffic_to: datetime | None = None,
    measurements: list[MeasurementInput] | None = None,
    photos: list[tuple[File, str]] | None = None,
) -> SiteVisit:
    if (
        proposal.is_draft
        or not Assignment.objects.filter(
            application_id=proposal.application_id, reviewer=actor
        ).exists()
    ):
        raise ReviewError(403, "not_assigned", _("您没有被指派评审此提案，不能记录走访。"))
    if proposal.application.state != State.UNDER_REVIEW:
        raise ReviewError(409, "not_under_review", _("该提案不在评审阶段，不能记录走访。"))
    visit = SiteVisit.objects.create(
        proposal=proposal,
        expert=actor,
        visited_on=visited_on,
        places=places,
        interviewed_count=interviewed_count,
        interviewed_roles=interviewed_roles,
        measured_area_m2=measured_area_m2,
        foot_traffic_count=foot_traffic_count,
        traffic_from=traffic_from,
        traffic_to=traffic_to,
        findings=findings,
    )
    Measurement.objects.bulk_create(
        Measurement(visit=visit, name=m.name, value=m.value, unit=m.unit)
        for m in measurements or []
    )
    for upload, extension in photos or []:
        upload.name = f"visit.{extension}"
        VisitPhoto.objects.create(visit=visit, image=upload)
    audit_record(
        actor=actor, action="proposal.site_visit", obj=proposal, changes={"visit": visit.pk}
    )
    return visit


@service
def proposal_score(
    *,
    actor: User,
    proposal: Proposal,
    scores: dict[str, tuple[int, str]],
    findings: str = "",
) -> Assignment:
    if proposal.is_draft:
        raise ReviewError(403, "not_assigned", _("您没有被指派评审此申请，不能评分。"))
    assignment = review.scores_submit(actor=actor, application=proposal.application, scores=scores)
    if findings.strip():
        review.findings_save(actor=actor, assignment=assignment, findings=findings)
    return assignment


@service
def proposal_decide(
    *,
    actor: User,
    proposal: Proposal,
    outcome: str,
    reason_codes: list[str],
    explanation: str,
) -> Decision:
    if proposal.is_draft:
        raise ReviewError(409, "draft", _("草稿不能作出决定。"))
    # the kernel refuses a decision before the kind's minimum of scored sheets
    decision = review.application_decide(
        actor=actor,
        application=proposal.application,
        outcome=outcome,
        reason_codes=reason_codes,
        explanation=explanation,
    )
    _index(proposal)
    return decision


@service
def proposal_start(*, actor: User, proposal: Proposal) -> Proposal:
    """Start carrying out an approved proposal: its application moves to "in progress" and its
    project (``threecenters.projects``) is created for the milestones, updates and closing."""
    if not proposal.startable:
        raise ReviewError(409, "not_approved", _("只有通过的提案可以开始实施。"))
    review.application_transition(
        actor=actor, application=proposal.application, to=State.IN_PROGRESS
    )
    if proposal.project_id is None:
        proposal.project = projects.project_create(
            actor=actor,
            kind=PROJECT_KIND,
            title=proposal.title,
            subdistrict=proposal.subdistrict,
            community=proposal.community,
        )
        proposal.save(update_fields=["project", "updated_at"])
    _index(proposal)
    return proposal


def _tracking(proposal: Proposal) -> Project:
    """The proposal's project, if the proposal is being carried out."""
    if not proposal.tracked or proposal.project_id is None:
        raise ReviewError(409, "not_in_progress", _("只有实施中的项目可以记录进度。"))
    return proposal.project


@service
def milestone_add(
    *, actor: User, proposal: Proposal, title: str, due_on: date, weight: int = 1
) -> Milestone:
    return projects.milestone_add(
        actor=actor, project=_tracking(proposal), title=title, due_on=due_on, weight=weight
    )


@service
def milestone_complete(*, actor: User, milestone: Milestone) -> Milestone:
    proposal = (
        Proposal.objects.select_related("application", "project")
        .filter(project_id=milestone.project_id)
        .first()
    )
    if proposal is None:
        raise ReviewError(404, "not_found", _("找不到该里程碑。"))
    milestone.project = _tracking(proposal)
    return projects.milestone_complete(actor=actor, milestone=milestone)


@service
def progress_update_add(
    *, actor: User, proposal: Proposal, text: str, photo: tuple[File, str] | None = None
) -> ProgressUpdate:
    return projects.progress_update_add(
        actor=actor, project=_tracking(proposal), text=text, photo=photo
    )


@service
def proposal_close(
    *,
    actor: User,
    proposal: Proposal,
    summary: str,
    participants_total: int,
    activities_count: int,
    spent_fen: int,
) -> ClosingReport:
    """File the closing report and close the project and the proposal's application at once."""
    project = _tracking(proposal)
    report = projects.closing_report_submit(
        actor=actor,
        project=project,
        summary=summary,
        participants_total=participants_total,
        activities_count=activities_count,
        spent_fen=spent_fen,
    )
    projects.project_finish(actor=actor, project=project)
    review.application_transition(
        actor=actor, application=proposal.application, to=State.CLOSED, note=summary[:200]
    )
    audit_record(actor=actor, action="proposal.closed", obj=proposal)
    _index(proposal)
    return report


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _case_fields(proposal: Proposal) -> dict[str, Any]:
    """What a closed project tells the case library: its background, what was done (milestones)
    and what came of it (the closing report's figures)."""
    app = proposal.application
    started = (
        Transition.objects.filter(application=app, to_state=State.IN_PROGRESS)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    report = ClosingReport.objects.filter(project_id=proposal.project_id).first()
    milestones = list(Milestone.objects.filter(project_id=proposal.project_id))
    measures = "\n".join(
        _("%(title)s（计划 %(due)s，完成 %(done)s）")
        % {
            "title": m.title,
            "due": m.due_on.isoformat(),
            "done": _local_date(m.done_at).isoformat() if m.done_at else _("未完成"),
        }
        for m in milestones
    )
    figures = []
    results = ""
    if report is not None:
        spent = f"{Decimal(report.spent_fen) / 100:.2f}"
        figures = [
            {
                "label": _("累计服务人次"),
                "value": str(report.participants_total),
                "unit": _("人次"),
            },
            {"label": _("开展活动次数"), "value": str(report.activities_count), "unit": _("次")},
            {"label": _("实际支出"), "value": spent, "unit": _("元")},
        ]
        results = "\n".join(
            [
                report.summary,
                _("累计服务 %(people)s 人次，开展活动 %(count)s 次，实际支出 %(spent)s 元。")
                % {
                    "people": report.participants_total,
                    "count": report.activities_count,
                    "spent": spent,
                },
            ]
        )
    return {
        "period_start": _local_date(started or app.decided_at or proposal.submitted_at),
        "period_end": _local_date(report.at if report else app.updated_at),
        "background": proposal.description,
        "measures": measures,
        "results": results,
        "figures": figures,
    }


@service
def proposal_case_create(*, actor: User, proposal: Proposal) -> tuple[Case, bool]:
    """Turn a closed project into a draft case in the case library, once: a second call returns
    the case already made (``created`` is then False)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("application", "community")
        .get(pk=proposal.pk)
    )
    if proposal.case_id is not None:
        return Case.objects.get(pk=proposal.case_id), False
    if not proposal.closed:
        raise ReviewError(409, "not_closed", _("只有已结项的项目可以转为治理案例。"))
    with translation.override(settings.LANGUAGE_CODE):
        fields = _case_fields(proposal)
        tags = [proposal.get_type_display()]
    case = case_create(
        actor=actor,
        subdistrict=proposal.subdistrict,
        community=proposal.community,
        title=proposal.title,
        tags=tags,
        **fields,
    )
    proposal.case = case
    proposal.save(update_fields=["case", "updated_at"])
    audit_record(
        actor=actor, action="proposal.case_created", obj=proposal, changes={"case": case.pk}
    )
    return case, True
