"""GET /api/v1/search — the same search as the page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from threecenters.search import selectors

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = ""
    type: str = ""
    community: str = ""
    tag: str = ""
    year: int | None = None
    after: str = ""
    size: int = 20


class HitOut(Schema):
    type: str
    type_label: str
    title: str
    url: str
    title_html: str
    snippet_html: str
    score: float
    community: str
    year: int | None
    tags: list[str]


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    items: list[HitOut]
    facets: dict[str, list[FacetOut]]
    next_cursor: str | None
    suggestion: str | None


@router.get("/search", response=SearchOut, summary="Search every registered type of content")
def search(request: HttpRequest, params: Query[SearchParams]):
    results = selectors.search(
        query=params.q,
        types=[params.type] if params.type else None,
        community=params.community or None,
        tag=params.tag or None,
        year=params.year,
        cursor=params.after or None,
        size=params.size,
        user=request.user,
    )
    return SearchOut(
        query=results.query,
        items=[
            HitOut(
                type=h.type,
                type_label=h.type_label,
                title=h.title,
                url=h.url,
                title_html=str(h.title_html),
                snippet_html=str(h.snippet),
                score=h.score,
                community=h.community,
                year=h.year,
                tags=h.tags,
            )
            for h in results.items
        ],
        facets={
            name: [FacetOut(value=v.value, label=v.label, count=v.count) for v in values]
            for name, values in results.facets.items()
        },
        next_cursor=results.next_cursor,
        suggestion=results.suggestion,
    )
