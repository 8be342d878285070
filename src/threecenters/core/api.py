from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from threecenters.core import selectors
from threecenters.core.pagecache import portal_data

router = Router(tags=["core"])


class CommunityOut(Schema):
    id: int
    name: str
    slug: str
    subdistrict: str
    address: str
    latitude: float | None
    longitude: float | None


class CenterOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    tagline: str
    subdistrict: str
    address: str
    phone: str
    opening_hours: str


@router.get("/communities", response=list[CommunityOut], summary="List communities")
def list_communities(request: HttpRequest):
    return portal_data("communities", _communities)


def _communities() -> list[dict]:
    return [
        CommunityOut(
            id=c.id,
            name=c.name,
            slug=c.slug,
            subdistrict=c.parent.name if c.parent else "",
            address=c.address,
            latitude=float(c.latitude) if c.latitude is not None else None,
            longitude=float(c.longitude) if c.longitude is not None else None,
        ).model_dump()
        for c in selectors.community_list()
    ]


@router.get("/centers", response=list[CenterOut], summary="List the three centers")
def list_centers(request: HttpRequest):
    return portal_data("centers", _centers)


def _centers() -> list[dict]:
    return [
        CenterOut(
            id=c.id,
            kind=c.kind,
            kind_label=str(c.get_kind_display()),
            name=c.name,
            tagline=c.tagline,
            subdistrict=c.subdistrict.name,
            address=c.address,
            phone=c.phone,
            opening_hours=c.opening_hours,
        ).model_dump()
        for c in selectors.center_list()
    ]
