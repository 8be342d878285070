"""/api/v1/proposals — the same permissions as the pages (``user.has_perm``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from threecenters.api import DateTime, ErrorOut, Id, errors, signed_in
from threecenters.core import roles
from threecenters.core.kit import ServiceError
from threecenters.core.models import Area, User
from threecenters.projects import selectors as project_selectors
from threecenters.projects.models import Milestone
from threecenters.proposals import selectors, services
from threecenters.proposals.filters import ProposalFilterSet
from threecenters.proposals.models import FundingSource, Proposal, ProposalType
from threecenters.proposals.validation import check_point, yuan_to_fen
from threecenters.reviews import selectors as review_selectors

router = Router(tags=["proposals"], auth=signed_in)


def _load(request: HttpRequest, pk: int, perm: str | None = None) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("community", "application"), pk=pk)
    if not request.user.has_perm("proposals.view", proposal):
        raise ServiceError(status=404)
    if perm and not request.user.has_perm(perm, proposal):
        raise ServiceError(status=403)
    return proposal


class ProposalOut(Schema):
    id: int
    title: str
    type: str
    community: str
    community_id: int
    state: str
    outcome: str
    version: int
    submitted_at: datetime | None
    budget_fen: int | None


class DecisionOut(Schema):
    outcome: str
    reason_codes: list[str]
    explanation: str
    decided_at: datetime


class ProposalDetailOut(ProposalOut):
    address: str
    building_part: str
    latitude: Decimal | None
    longitude: Decimal | None
    area_m2: Decimal | None
    expected_daily_participants: int | None
    target_groups: str
    opening_hours: str
    funding_source: str
    duration_months: int | None
    description: str
    decision: DecisionOut | None
    progress_percent: int | None


class PageOut(Schema):
    items: list[ProposalOut]
    next_cursor: str | None


def _out(p: Proposal) -> dict:
    app = p.application
    return {
        "id": p.id,
        "title": p.title,
        "type": p.type,
        "community": p.community.name,
        "community_id": p.community_id,
        "state": app.state if app else "draft",
        "outcome": app.outcome if app else "",
        "version": p.version,
        "submitted_at": p.submitted_at,
        "budget_fen": p.budget_fen,
    }


class ListFilters(Schema):
    community: Id | None = None
    type: str = ""
    state: str = ""
    period: str = ""
    after: str | None = None


@router.get("/proposals", response=PageOut, summary="Proposals the caller may see")
def proposal_list(request: HttpRequest, filters: Query[ListFilters]):
    # The declared parameters document and type the API; one filter definition reads them.
    filterset = ProposalFilterSet(request.GET, queryset=selectors.visible_proposals(request.user))
    if refusals := filterset.refusals():
        raise ServiceError(status=422, fields=refusals)
    page = selectors.proposal_page(qs=filterset.qs, cursor=filters.after, strict=True)
    return {"items": [_out(p) for p in page.items], "next_cursor": page.next_cursor}


class ProposalIn(Schema):
    community_id: Id
    title: str = Field(min_length=1, max_length=100)
    type: ProposalType
    address: str = Field("", max_length=200)
    building_part: str = Field("", max_length=60)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    area_m2: Decimal | None = None
    expected_daily_participants: int | None = Field(None, ge=0, le=1_000_000)
    target_groups: str = Field("", max_length=200)
    opening_hours: str = Field("", max_length=120)
    budget_yuan: str | None = Field(None, max_length=20)
    funding_source: FundingSource | None = None
    duration_months: int | None = Field(None, ge=1, le=120)
    description: str = Field("", max_length=20000)
    submit: bool = False


@router.post(
    "/proposals",
    response={201: ProposalDetailOut, **errors(409)},
    summary="Create a draft or submit",
)
def proposal_create(request: HttpRequest, payload: ProposalIn):
    community = Area.objects.filter(pk=payload.community_id, level=Area.Level.COMMUNITY).first()
    if community is None or not request.user.has_perm("proposals.create", community):
        raise ServiceError(status=403, code="forbidden")
    fields: dict[str, list[str]] = {}
    budget_fen = None
    if payload.budget_yuan not in (None, ""):
        try:
            budget_fen = yuan_to_fen(payload.budget_yuan)
        except ValidationError as exc:
            fields["budget_yuan"] = [str(m) for m in exc.messages]
    if payload.area_m2 is not None and payload.area_m2 < 0:
        fields["area_m2"] = [str(_("面积不能为负数。"))]
    for name, message in check_point(payload.latitude, payload.longitude).items():
        fields[name] = [str(message)]
    if payload.latitude is not None and abs(payload.latitude.as_tuple().exponent) > 6:
        fields.setdefault("latitude", []).append(str(_("坐标最多保留 6 位小数。")))
    if payload.area_m2 is not None and payload.area_m2.as_tuple().exponent < -2:
        fields.setdefault("area_m2", []).append(str(_("面积最多保留两位小数。")))
    if payload.area_m2 is not None and payload.area_m2 >= Decimal("1e7"):
        fields.setdefault("area_m2", []).append(str(_("面积过大，请检查。")))
    if fields:
        raise ServiceError(status=422, code="invalid", fields=fields)
    data = payload.dict(exclude={"community_id", "budget_yuan", "submit"})
    data["funding_source"] = data["funding_source"] or ""
    data["budget_fen"] = budget_fen
    # one transaction: a refused submission leaves no draft behind
    proposal = services.proposal_save(
        actor=request.user, community=community, submit=payload.submit, **data
    )
    proposal = Proposal.objects.select_related("community", "application").get(pk=proposal.pk)
    return Status(201, _detail(proposal))


def _detail(p: Proposal) -> dict:
    out = _out(p)
    for name in [
        "address",
        "building_part",
        "latitude",
        "longitude",
        "area_m2",
        "expected_daily_participants",
        "target_groups",
        "opening_hours",
        "funding_source",
        "duration_months",
        "description",
    ]:
        out[name] = getattr(p, name)
    decision = review_selectors.latest_decision(p.application) if p.application_id else None
    out["decision"] = (
        {
            "outcome": decision.outcome,
            "reason_codes": decision.reason_codes,
            "explanation": decision.explanation,
            "decided_at": decision.decided_at,
        }
        if decision
        else None
    )
    milestones = list(Milestone.objects.filter(project_id=p.project_id)) if p.project_id else []
    out["progress_percent"] = project_selectors.progress_percent(milestones) if milestones else None
    return out


@router.get("/proposals/{proposal_id}", response=ProposalDetailOut, summary="One proposal")
def proposal_detail(request: HttpRequest, proposal_id: Id):
    return _detail(_load(request, proposal_id))


class AssignmentIn(Schema):
    expert_id: Id
    override_reason: str = Field("", max_length=300)


class AssignmentOut(Schema):
    id: int
    expert_id: int
    conflict: bool
    override_reason: str


@router.post("/proposals/{proposal_id}/assignments", response={201: AssignmentOut, **errors(409)})
def assignment_create(request: HttpRequest, proposal_id: Id, payload: AssignmentIn):
    proposal = _load(request, proposal_id, "proposals.assign")
    expert = User.objects.filter(pk=payload.expert_id).first()
    if expert is None:
        raise ServiceError(
            status=422, code="invalid", fields={"expert_id": [str(_("找不到该专家。"))]}
        )
    a = services.expert_assign(
        actor=request.user,
        proposal=proposal,
        expert_user=expert,
        override_reason=payload.override_reason,
    )
    return Status(
        201,
        {
            "id": a.id,
            "expert_id": a.reviewer_id,
            "conflict": a.conflict,
            "override_reason": a.override_reason,
        },
    )


class MeasurementIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    value: Decimal = Field(max_digits=12, decimal_places=2)
    unit: str = Field(min_length=1, max_length=20)


class SiteVisitIn(Schema):
    visited_on: date
    places: str = Field(min_length=1, max_length=300)
    interviewed_count: int = Field(0, ge=0, le=10000)
    interviewed_roles: str = Field("", max_length=200)
    measured_area_m2: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    foot_traffic_count: int | None = Field(None, ge=0, le=10_000_000)
    traffic_from: DateTime | None = None
    traffic_to: DateTime | None = None
    measurements: list[MeasurementIn] = Field(default_factory=list, max_length=50)
    findings: str = Field(min_length=1, max_length=5000)


class CreatedOut(Schema):
    id: int


@router.post("/proposals/{proposal_id}/site-visits", response={201: CreatedOut, **errors(409)})
def site_visit_create(request: HttpRequest, proposal_id: Id, payload: SiteVisitIn):
    proposal = _load(request, proposal_id)
    if payload.traffic_from and payload.traffic_to and payload.traffic_to <= payload.traffic_from:
        raise ServiceError(
            status=422,
            code="invalid",
            fields={"traffic_to": [str(_("计数结束时间必须晚于开始时间。"))]},
        )
    if payload.foot_traffic_count is not None and not (payload.traffic_from and payload.traffic_to):
        raise ServiceError(
            status=422,
            code="invalid",
            fields={"traffic_to": [str(_("记录人流量时，请填写计数的起止时间。"))]},
        )
    data = payload.dict(exclude={"measurements"})
    visit = services.site_visit_record(
        actor=request.user,
        proposal=proposal,
        measurements=[
            services.MeasurementInput(m.name, m.value, m.unit) for m in payload.measurements
        ],
        **data,
    )
    return Status(201, {"id": visit.id})


class ScoreIn(Schema):
    criterion: str
    value: int
    comment: str = Field("", max_length=500)


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(max_length=50)
    findings: str = Field("", max_length=5000)


class ScoresOut(Schema):
    weighted_score: Decimal


@router.post("/proposals/{proposal_id}/scores", response={201: ScoresOut, **errors(409)})
def scores_create(request: HttpRequest, proposal_id: Id, payload: ScoresIn):
    proposal = _load(request, proposal_id)
    a = services.proposal_score(
        actor=request.user,
        proposal=proposal,
        scores={s.criterion: (s.value, s.comment) for s in payload.scores},
        findings=payload.findings,
    )
    return Status(201, {"weighted_score": a.weighted_score})


class DecisionIn(Schema):
    outcome: str
    reason_codes: list[str] = Field(default_factory=list, max_length=10)
    explanation: str = Field("", max_length=5000)


@router.post("/proposals/{proposal_id}/decision", response={201: DecisionOut, **errors(409)})
def decision_create(request: HttpRequest, proposal_id: Id, payload: DecisionIn):
    proposal = _load(request, proposal_id, "proposals.decide")
    d = services.proposal_decide(
        actor=request.user,
        proposal=proposal,
        outcome=payload.outcome,
        reason_codes=payload.reason_codes,
        explanation=payload.explanation,
    )
    return Status(
        201,
        {
            "outcome": d.outcome,
            "reason_codes": d.reason_codes,
            "explanation": d.explanation,
            "decided_at": d.decided_at,
        },
    )


class MilestoneIn(Schema):
    title: str = Field(min_length=1, max_length=100)
    due_on: date
    weight: int = Field(1, ge=1, le=100)


@router.post("/proposals/{proposal_id}/milestones", response={201: CreatedOut, **errors(409)})
def milestone_create(request: HttpRequest, proposal_id: Id, payload: MilestoneIn):
    proposal = _load(request, proposal_id)
    applicant_side = proposal.community_id in roles.worked_community_ids(request.user)
    if not (applicant_side or request.user.has_perm("proposals.assign", proposal)):
        raise ServiceError(status=403)
    m = services.milestone_add(actor=request.user, proposal=proposal, **payload.dict())
    return Status(201, {"id": m.id})


# distinct from governance's CaseOut: the OpenAPI document names schemas by class name
class ProposalCaseOut(Schema):
    case_id: int
    status: str
    edit_url: str


class CaseExistsOut(ErrorOut):
    case_id: int
    edit_url: str


@router.post(
    "/proposals/{proposal_id}/case",
    response={201: ProposalCaseOut, 409: CaseExistsOut | ErrorOut},
    summary="Turn a closed project into a draft case (once)",
)
def proposal_case(request: HttpRequest, proposal_id: Id):
    proposal = _load(request, proposal_id, "proposals.make_case")
    case, created = services.proposal_case_create(actor=request.user, proposal=proposal)
    edit_url = reverse("governance:staff-case-edit", args=[case.pk])
    if not created:
        return Status(
            409,
            {
                "code": "case_exists",
                "message": _("该项目已生成过治理案例草稿。"),
                "fields": {},
                "case_id": case.pk,
                "edit_url": edit_url,
            },
        )
    return Status(201, {"case_id": case.pk, "status": case.status, "edit_url": edit_url})
