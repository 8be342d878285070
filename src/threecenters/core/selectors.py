"""Reads for the kernel's records: querysets with their joins."""

from __future__ import annotations

from django.db.models import Case, Q, QuerySet, Value, When

from threecenters.core import roles
from threecenters.core.models import Area, Article, Center, Organisation, User
from threecenters.core.paging import Page, keyset_page
from threecenters.core.rules import organisation_subdistrict_ids


def default_subdistrict() -> Area | None:
    return Area.objects.filter(level=Area.Level.SUBDISTRICT).order_by("sort", "id").first()


def community_list(*, subdistrict: Area | None = None) -> QuerySet[Area]:
    qs = Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent")
    if subdistrict is not None:
        qs = qs.filter(parent=subdistrict)
    return qs.order_by("parent__sort", "parent_id", "sort", "id")


CENTER_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Center.Kind.values)),
    default=Value(99),
)


def center_list(*, subdistrict: Area | None = None) -> QuerySet[Center]:
    """The report's order: incubator, civility, governance."""
    qs = Center.objects.select_related("subdistrict")
    if subdistrict is not None:
        qs = qs.filter(subdistrict=subdistrict)
    return qs.order_by("subdistrict_id", CENTER_ORDER, "id")


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED).select_related(
        "center", "community"
    )


def articles_for_staff(user: User) -> QuerySet[Article]:
    q = Q(subdistrict_id__in=roles.admin_subdistrict_ids(user))
    q |= Q(center_id__in=roles.staffed_center_ids(user))
    q |= Q(community_id__in=roles.worked_community_ids(user))
    return Article.objects.filter(q).select_related("center", "community").order_by("-id")


def organisations_for_staff(user: User) -> QuerySet[Organisation]:
    """The organisations this person manages (core.rules.can_manage_organisation)."""
    q = Q(subdistrict_id__in=organisation_subdistrict_ids(user))
    q |= Q(community_id__in=roles.worked_community_ids(user))
    return Organisation.objects.filter(q).select_related("community").order_by("name", "id")


def article_page(*, qs: QuerySet[Article], cursor: str | None, size: int = 20) -> Page:
    """Newest first by (published_at, id), without COUNT(*)."""
    return keyset_page(qs, order=("-published_at", "-id"), cursor=cursor, size=size)
