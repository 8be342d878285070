"""GET /api/v1/cases and /api/v1/cases/{id}: the public case library."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from threecenters.api import Id
from threecenters.core.kit import ServiceError
from threecenters.governance import selectors
from threecenters.governance.filters import CaseFilterSet
from threecenters.governance.models import Case

router = Router(tags=["cases"])


class CaseFilters(Schema):
    community: str = ""
    tag: str = ""
    year: int | None = None
    method: str = ""
    after: str = ""


class FigureOut(Schema):
    label: str
    value: str
    unit: str


class CaseSummaryOut(Schema):
    id: int
    title: str
    summary: str
    community: str
    method_name: str
    tags: list[str]
    published_at: str
    url: str


class CaseListOut(Schema):
    items: list[CaseSummaryOut]
    next_cursor: str | None


class SpreadOut(Schema):
    community: str
    kind: str
    date: str
    adopted: str


class SessionOut(Schema):
    title: str
    date: str
    place: str
    attendance: int | None
    communities: list[str]
    event_id: int | None = Field(
        None, description="The event engine's event that held it, when its page is public"
    )


class CaseOut(CaseSummaryOut):
    version: int
    period_start: str | None
    period_end: str | None
    background: str
    method: str
    measures: str
    results: str
    figures: list[FigureOut]
    lessons: str
    contact_name: str
    contact_mobile: str
    is_demo: bool
    spread: list[SpreadOut]
    sessions: list[SessionOut]


def _summary(case: Case) -> dict:
    snap = case.current_version.snapshot
    return {
        "id": case.pk,
        "title": snap["title"],
        "summary": snap.get("summary", ""),
        "community": snap.get("community_name", ""),
        "method_name": snap.get("method_name", ""),
        "tags": snap.get("tags", []),
        "published_at": case.published_at.isoformat(),
        "url": case.get_absolute_url(),
    }


@router.get("/cases", response=CaseListOut, summary="List published governance cases")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
    # The declared parameters document and type the API; one filter definition reads them.
    filterset = CaseFilterSet(request.GET, queryset=selectors.public_cases())
    if refusals := filterset.refusals():
        raise ServiceError(status=422, fields=refusals)
    page = selectors.case_page(qs=filterset.qs, cursor=filters.after or None, strict=True)
    return {"items": [_summary(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/cases/{case_id}", response=CaseOut, summary="One published governance case")
def get_case(request: HttpRequest, case_id: Id):
    case = selectors.public_cases().filter(pk=case_id).first()
    if case is None:
        raise Http404
    snap = case.current_version.snapshot
    spread = selectors.case_spread(case)
    return {
        **_summary(case),
        "version": case.current_version.number,
        "period_start": snap.get("period_start"),
        "period_end": snap.get("period_end"),
        "background": snap.get("background", ""),
        "method": snap.get("method", ""),
        "measures": snap.get("measures", ""),
        "results": snap.get("results", ""),
        "figures": snap.get("figures", []),
        "lessons": snap.get("lessons", ""),
        "contact_name": case.masked_contact_name,
        "contact_mobile": case.masked_contact_mobile,
        "is_demo": case.is_demo,
        "spread": [
            {
                "community": a.community.name,
                "kind": a.kind,
                "date": a.date.isoformat(),
                "adopted": a.adopted,
            }
            for a in spread.adoptions
        ],
        "sessions": [
            {
                "title": s.title,
                "date": s.date.isoformat(),
                "place": s.place,
                "attendance": s.attendance,
                "communities": [c.name for c in s.communities.all()],
                "event_id": s.public_event.pk if s.public_event else None,
            }
            for s in spread.sessions
        ],
    }
