"""Reads for proposals: the board, the queue, "my proposals", the feasibility pre-check, similar
proposals, version diffs and the saved cost (节约试错成本)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from threecenters.core import roles
from threecenters.core.models import Area, User
from threecenters.core.paging import Page, keyset_page
from threecenters.proposals import rules as proposal_rules
from threecenters.proposals.filters import ProposalFilterSet
from threecenters.proposals.models import (
    SNAPSHOT_FIELDS,
    AreaNorm,
    Proposal,
    ProposalType,
)
from threecenters.reviews.models import Assignment, Decision, Outcome, State
from threecenters.reviews.services import reason_choices
from threecenters.search import registry as search_registry
from threecenters.search import selectors as search_selectors

# Used when staff have not configured a norm for a type (admin → 人均面积标准).
DEFAULT_NORMS = {
    ProposalType.ACTIVITY_SPACE: Decimal("2.00"),
    ProposalType.MICRO_RENEWAL: Decimal("1.00"),
    ProposalType.SERVICE: Decimal("1.50"),
    ProposalType.EVENT_SERIES: Decimal("1.00"),
    ProposalType.OTHER: Decimal("1.50"),
}
DEFAULT_NORM_SOURCE = _("平台默认值，可由工作人员在后台调整")


# ---------------------------------------------------------------- lists
@dataclass
class BoardFilter:
    """The board's chosen filters (ProposalFilterSet validates and applies them), as a value
    the board's page can show and key on."""

    community: int | None = None
    type: str = ""
    state: str = ""
    period: str = ""  # YYYY or YYYY-MM, on the submission time

    @classmethod
    def parse(cls, data) -> BoardFilter:
        """The valid values of ``data``; one that does not validate is left out."""
        return cls(**ProposalFilterSet(data, queryset=Proposal.objects.none()).chosen)

    def apply(self, qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
        given = {name: value for name, value in asdict(self).items() if value}
        return ProposalFilterSet(given, queryset=qs).qs


def visible_proposals(user: User) -> QuerySet[Proposal]:
    """Everything the caller may open: their communities' proposals (drafts included), the
    submitted proposals of the subdistricts they oversee, and those assigned to them."""
    q = Q(community_id__in=roles.worked_community_ids(user))
    board = proposal_rules.board_subdistrict_ids(user)
    if board:
        q |= Q(subdistrict_id__in=board, application__isnull=False)
    if roles.has_role(user, roles.Role.EXPERT):
        q |= Q(application__assignments__reviewer=user)
    return Proposal.objects.filter(q).select_related("community", "application").distinct()


def board_queryset(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        subdistrict_id__in=proposal_rules.board_subdistrict_ids(user),
        application__isnull=False,
    ).select_related("community", "application")


def mine_queryset(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        community_id__in=roles.worked_community_ids(user)
    ).select_related("community", "application")


def proposal_page(
    *, qs: QuerySet[Proposal], cursor: str | None, size: int = 25, strict: bool = False
) -> Page:
    """Submitted proposals newest first by (submitted_at, id), then drafts (no submitted_at)
    newest first by id; keyset pagination without COUNT(*)."""
    return keyset_page(qs, order=("-submitted_at", "-id"), cursor=cursor, size=size, strict=strict)


def queue_page(*, user: User, open_only: bool, cursor: str | None, size: int = 25) -> Page:
    qs = Assignment.objects.filter(reviewer=user, application__kind="proposal").select_related(
        "application", "application__proposal", "application__proposal__community"
    )
    if open_only:
        qs = qs.filter(application__state=State.UNDER_REVIEW)
    return keyset_page(qs, order=("-assigned_at", "-id"), cursor=cursor, size=size)


# ---------------------------------------------------------------- feasibility pre-check
@dataclass
class PrecheckItem:
    title: str
    available: bool
    figure: str = ""
    inputs: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""
    note: str = ""
    rows: list = field(default_factory=list)


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def area_norm(proposal_type: str) -> tuple[Decimal, str]:
    norm = AreaNorm.objects.filter(type=proposal_type).first()
    if norm is not None:
        return norm.m2_per_participant, norm.source
    return DEFAULT_NORMS.get(proposal_type, Decimal("1.50")), str(DEFAULT_NORM_SOURCE)


def precheck_area(proposal: Proposal) -> PrecheckItem:
    norm, norm_source = area_norm(proposal.type)
    title = _("人均面积")
    inputs = [
        (_("可用面积"), f"{proposal.area_m2} m²" if proposal.area_m2 is not None else "—"),
        (_("预计每日参与人数"), str(proposal.expected_daily_participants or "—")),
        (_("人均面积标准"), f"{norm} m²"),
    ]
    if not proposal.area_m2 or not proposal.expected_daily_participants:
        return PrecheckItem(
            title=str(title),
            available=False,
            inputs=inputs,
            note=str(_("提案未填写面积或预计人数，无法计算。")),
        )
    per = _q2(Decimal(proposal.area_m2) / proposal.expected_daily_participants)
    ratio = int((per / norm * 100).to_integral_value(rounding=ROUND_HALF_UP))
    return PrecheckItem(
        title=str(title),
        available=True,
        figure=str(_("每人 %(per)s m²，为标准的 %(ratio)s%%") % {"per": per, "ratio": ratio}),
        inputs=inputs,
        source=str(_("提案填报的面积和人数；标准：%(source)s") % {"source": norm_source}),
    )


def precheck_residents(proposal: Proposal) -> PrecheckItem:
    radius = settings.PROPOSAL_RADIUS_M
    from threecenters.people.selectors import resident_count

    count = resident_count(proposal.community)
    return PrecheckItem(
        title=str(_("周边居民")),
        available=True,
        figure=str(
            _("%(community)s平台登记居民 %(count)s 人")
            % {"community": proposal.community.name, "count": count}
        ),
        inputs=[(_("统计范围"), proposal.community.name), (_("设定半径"), f"{radius} m")],
        source=str(_("居民档案（与居民档案列表同一口径）")),
        note=str(
            _(
                "居民地址坐标数据尚未接入，暂无法统计半径 %(radius)s 米内的居民，以社区登记人数代替。"
            )
            % {"radius": radius}
        ),
    )


def precheck_venues(proposal: Proposal) -> PrecheckItem:
    return PrecheckItem(
        title=str(_("周边已有场地")),
        available=False,
        note=str(_("暂无数据：阵地与场地数据尚未建立，无法统计周边已有场地。")),
    )


def precheck_budget(proposal: Proposal) -> PrecheckItem:
    budget = (
        f"{Decimal(proposal.budget_fen) / 100:,.2f}" if proposal.budget_fen is not None else "—"
    )
    return PrecheckItem(
        title=str(_("预算与资金余额")),
        available=False,
        inputs=[
            (_("申请预算（元）"), budget),
            (_("资金来源"), proposal.get_funding_source_display()),
        ],
        note=str(_("暂无数据：社区资金台账尚未建立，无法对比资金余额。")),
    )


@dataclass
class SimilarItem:
    """A similar past proposal or published case, with what came of it."""

    kind: str  # "proposal" or "case"
    kind_label: str
    title: str
    url: str
    community: str
    outcome: str
    shared: list[str]


def _proposal_outcome(proposal: Proposal, decision) -> str:
    app = proposal.application
    parts = [str(app.get_state_display())]
    if decision is not None:
        labels = dict(reason_choices(app.kind))
        parts.append(str(decision.get_outcome_display()))
        reasons = "、".join(str(labels.get(c, c)) for c in decision.reason_codes)
        if reasons:
            parts.append(reasons)
        parts.append(decision.explanation[:120])
    return " · ".join(p for p in parts if p)


# Words nearly every proposal title holds; sharing them says nothing about similarity.
GENERIC_WORDS = frozenset({"社区", "小区", "项目", "建设", "活动", "服务", "居民", "改造", "提升"})


def similar_items(proposal: Proposal, *, user: User | None, limit: int = 5) -> list[SimilarItem]:
    """Past proposals the viewer may open and published cases sharing words with this proposal's
    title and tags, found through the search service."""
    from threecenters.governance.models import Case

    text = " ".join([proposal.title, proposal.building_part])
    found = search_selectors.similar(
        text=text,
        types=["proposal", "case"],
        limit=limit * 2,
        user=user,
        exclude={("proposal", str(proposal.pk))},
        ignore=GENERIC_WORDS,
    )
    proposal_ids = [int(d.object_id) for d, _w in found if d.type == "proposal"]
    case_ids = [int(d.object_id) for d, _w in found if d.type == "case"]
    proposals = Proposal.objects.select_related("application", "community").in_bulk(proposal_ids)
    decisions: dict[int, Decision] = {}
    for decision in Decision.objects.filter(
        application_id__in=[p.application_id for p in proposals.values()]
    ).order_by("round"):
        decisions[decision.application_id] = decision
    cases = Case.objects.select_related("current_version").in_bulk(case_ids)
    items: list[SimilarItem] = []
    for doc, words in found:
        if doc.type == "proposal" and int(doc.object_id) in proposals:
            other = proposals[int(doc.object_id)]
            outcome = _proposal_outcome(other, decisions.get(other.application_id))
        elif doc.type == "case" and int(doc.object_id) in cases:
            case = cases[int(doc.object_id)]
            snapshot = case.current_version.snapshot if case.current_version_id else {}
            outcome = (snapshot.get("results") or case.results or "")[:160]
        else:
            continue
        search_type = search_registry.get_type(doc.type)
        items.append(
            SimilarItem(
                kind=doc.type,
                kind_label=str(search_type.label) if search_type else doc.type,
                title=doc.title,
                url=doc.url,
                community=doc.community.name if doc.community else "",
                outcome=outcome,
                shared=words,
            )
        )
    return items[:limit]


def precheck_similar(proposal: Proposal, user: User | None = None) -> PrecheckItem:
    similar = similar_items(proposal, user=user)
    proposals = sum(1 for s in similar if s.kind == "proposal")
    return PrecheckItem(
        title=str(_("相似的往期提案和案例")),
        available=True,
        figure=str(
            _("找到提案 %(p)s 件、案例 %(c)s 个") % {"p": proposals, "c": len(similar) - proposals}
        ),
        inputs=[
            (_("比较内容"), str(_("提案名称和建筑部位中的词语（不计“社区”“项目”等通用词）"))),
            (
                _("比较范围"),
                str(_("您有权查看的已提交提案，以及案例库中已发布的治理案例")),
            ),
        ],
        source=str(_("平台检索服务（提案记录和治理案例库）")),
        rows=similar,
    )


def precheck(proposal: Proposal, user: User | None = None) -> list[PrecheckItem]:
    """Figures beside the proposal for reviewers. Each shows its inputs and source; none decides.
    ``user`` is the viewer: similar proposals are limited to those they may open."""
    return [
        precheck_area(proposal),
        precheck_residents(proposal),
        precheck_venues(proposal),
        precheck_similar(proposal, user),
        precheck_budget(proposal),
    ]


# ---------------------------------------------------------------- versions and progress
@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def _display(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if name == "budget_fen":
        return f"{Decimal(value) / 100:,.2f}"
    if name == "type":
        return str(ProposalType(value).label) if value in ProposalType.values else str(value)
    if name == "funding_source":
        from threecenters.proposals.models import FundingSource

        return str(FundingSource(value).label) if value in FundingSource.values else str(value)
    return str(value)


def version_diff(proposal: Proposal, number: int | None = None) -> list[FieldChange]:
    """What changed in version ``number`` (default: the latest) against the one before."""
    versions = {v.number: v.data for v in proposal.versions.all()}
    number = number or proposal.version
    if number not in versions or number - 1 not in versions:
        return []
    old, new = versions[number - 1], versions[number]
    labels = {f.name: f.verbose_name for f in Proposal._meta.fields}
    labels["budget_fen"] = _("预算（元）")
    return [
        FieldChange(str(labels[name]), _display(name, old.get(name)), _display(name, new.get(name)))
        for name in SNAPSHOT_FIELDS
        if old.get(name) != new.get(name)
    ]


# ---------------------------------------------------------------- saved cost
@dataclass
class SavedCostRow:
    period: date
    community: str
    count: int
    total_fen: int


def saved_cost(
    *, subdistrict: Area, start: datetime | None = None, end: datetime | None = None
) -> list[SavedCostRow]:
    """The requested budget of rejected proposals per month and community: the cost of trial and
    error the review saved (节约试错成本). For the center page and the dashboard."""
    qs = Proposal.objects.filter(
        subdistrict=subdistrict,
        application__state=State.DECIDED,
        application__outcome=Outcome.REJECTED,
        budget_fen__isnull=False,
    )
    if start is not None:
        qs = qs.filter(application__decided_at__gte=start)
    if end is not None:
        qs = qs.filter(application__decided_at__lt=end)
    rows = (
        qs.annotate(
            month=TruncMonth("application__decided_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
        )
        .values("month", "community__name", "community__sort", "community_id")
        .annotate(count=Count("id"), total=Sum("budget_fen"))
        .order_by("-month", "community__sort", "community_id")
    )
    out = []
    for r in rows:
        month = r["month"]
        if isinstance(month, datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        out.append(SavedCostRow(month, r["community__name"], r["count"], int(r["total"] or 0)))
    return out


def saved_cost_total(
    *, subdistrict: Area, start: datetime | None = None, end: datetime | None = None
) -> int:
    """The dashboard's figure: total requested budget of rejected proposals, in fen."""
    return sum(r.total_fen for r in saved_cost(subdistrict=subdistrict, start=start, end=end))
