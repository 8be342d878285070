"""Reads for the case library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from threecenters.core.models import Area, Center, User
from threecenters.core.paging import Page, keyset_page
from threecenters.events.models import Event
from threecenters.governance.models import (
    LINKABLE_EVENT_STATUSES,
    Case,
    CaseAdoption,
    CaseVersion,
    ExchangeSession,
)
from threecenters.governance.rules import writer_scope
from threecenters.search import selectors as search_selectors


def public_cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(current_version__isnull=False)
        .exclude(status=Case.Status.ARCHIVED)
        .select_related("community", "current_version")
    )


def case_page(
    *, qs: QuerySet[Case], cursor: str | None, size: int = 20, strict: bool = False
) -> Page:
    """Newest first by (published_at, id), without COUNT(*)."""
    return keyset_page(
        qs.prefetch_related("tags"),
        order=("-published_at", "-id"),
        cursor=cursor,
        size=size,
        strict=strict,
    )


def filter_choices() -> dict[str, list]:
    public = public_cases()
    return {
        "communities": list(
            Area.objects.filter(governance_cases__in=public).distinct().order_by("sort", "id")
        ),
        "methods": sorted(
            set(public.exclude(method_name="").values_list("method_name", flat=True))
        ),
        "tags": sorted({t for t in public.values_list("tags__name", flat=True) if t}),
        "years": sorted(
            {
                d.year
                for d in public.exclude(period_start=None).values_list("period_start", flat=True)
            },
            reverse=True,
        ),
    }


def cases_for_writer(user: User) -> QuerySet[Case]:
    subdistricts, communities = writer_scope(user)
    q = Q(subdistrict_id__in=subdistricts) | Q(community_id__in=communities) | Q(author=user)
    return Case.objects.filter(q).select_related("community").order_by("-updated_at", "-id")


def case_versions(case: Case) -> list[CaseVersion]:
    return list(case.versions.order_by("-number").only("id", "number", "published_at", "case_id"))


def related_cases(case: Case, *, limit: int = 5) -> list:
    return search_selectors.related(type_name="case", object_id=str(case.pk), limit=limit)


def session_event_choices(subdistrict: Area):
    """Events an exchange session may point to: the subdistrict governance center's published
    or finished events from two years back to half a year ahead, newest first."""
    now = timezone.now()
    return (
        Event.objects.filter(
            center__subdistrict=subdistrict,
            center__kind=Center.Kind.GOVERNANCE,
            status__in=LINKABLE_EVENT_STATUSES,
            starts_at__gte=now - timedelta(days=730),
            starts_at__lte=now + timedelta(days=183),
        )
        .only("id", "title", "venue", "starts_at", "status", "attendance_count", "center_id")
        .order_by("-starts_at", "-id")
    )


@dataclass
class Spread:
    adoptions: list[CaseAdoption]
    sessions: list[ExchangeSession]
    communities: list[Area]


def case_spread(case: Case) -> Spread:
    adoptions = list(case.adoptions.select_related("community").order_by("-date", "-id"))
    sessions = list(
        case.exchange_sessions.select_related("event")
        .prefetch_related("communities")
        .order_by("-date", "-id")
    )
    seen: dict[int, Area] = {}
    for a in adoptions:
        seen.setdefault(a.community_id, a.community)
    return Spread(adoptions=adoptions, sessions=sessions, communities=list(seen.values()))


def spread_counts_by_case(*, subdistrict: Area | None = None) -> list[dict]:
    """Per case: communities that studied it, adopted it, and sessions that presented it."""
    qs = public_cases()
    if subdistrict is not None:
        qs = qs.filter(subdistrict=subdistrict)
    return list(
        qs.annotate(
            studied=Count(
                "adoptions", filter=Q(adoptions__kind=CaseAdoption.Kind.STUDIED), distinct=True
            ),
            adopted=Count(
                "adoptions", filter=Q(adoptions__kind=CaseAdoption.Kind.ADOPTED), distinct=True
            ),
            sessions=Count("exchange_sessions", distinct=True),
        )
        .values("id", "title", "studied", "adopted", "sessions")
        .order_by("-adopted", "-studied", "id")
    )


def spread_counts_by_community(*, subdistrict: Area | None = None) -> list[dict]:
    """Per community: cases it wrote (published) and cases it studied or adopted."""
    qs = Area.objects.filter(level=Area.Level.COMMUNITY)
    if subdistrict is not None:
        qs = qs.filter(parent=subdistrict)
    return list(
        qs.annotate(
            cases=Count(
                "governance_cases",
                filter=Q(governance_cases__current_version__isnull=False)
                & ~Q(governance_cases__status=Case.Status.ARCHIVED),
                distinct=True,
            ),
            studied=Count(
                "case_adoptions",
                filter=Q(case_adoptions__kind=CaseAdoption.Kind.STUDIED),
                distinct=True,
            ),
            adopted=Count(
                "case_adoptions",
                filter=Q(case_adoptions__kind=CaseAdoption.Kind.ADOPTED),
                distinct=True,
            ),
        )
        .values("id", "name", "slug", "cases", "studied", "adopted")
        .order_by("sort", "id")
    )
