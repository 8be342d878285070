"""/api/v1/publicity — the public 公示 lists, objections by signed-in people, and the staff's
handling. The same services and predicates as the pages; refusals are ``ServiceError``s, which
the API turns into {"code", "message", "fields"}."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from threecenters.api import Id, Token, errors, signed_in
from threecenters.core.audit import client_ip
from threecenters.core.kit import ServiceError
from threecenters.reviews import registry, selectors, services
from threecenters.reviews.models import Objection, Publicity
from threecenters.reviews.workdays import local_last_day

router = Router(tags=["publicity"])


class PublicityOut(Schema):
    token: str
    kind: str
    stage: str
    title: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    last_day: date
    open_for_objections: bool
    closed: bool
    result: str


def _out(p: Publicity) -> dict:
    return {
        "token": p.token,
        "kind": p.kind,
        "stage": p.stage,
        "title": p.title,
        "summary": p.summary,
        "starts_at": p.starts_at,
        "ends_at": p.ends_at,
        "last_day": local_last_day(p.ends_at),
        "open_for_objections": p.is_open,
        "closed": p.closed_at is not None,
        "result": p.result,
    }


def _not_found() -> ServiceError:
    return ServiceError(_("找不到您要的内容。"), status=404)


def _publicity(token: str) -> Publicity:
    publicity = selectors.publicity_by_token(token)
    if publicity is None:
        raise _not_found()
    return publicity


class PublicityFilters(Schema):
    kind: str = Field("", max_length=40)


ObjectionStatus = Literal[tuple(Objection.Status.values)]  # noqa: PYI047 — one enum name per API


class ObjectionListFilters(Schema):
    status: ObjectionStatus | None = Objection.Status.PENDING.value


class ObjectionIn(Schema):
    text: str = Field(max_length=5000)


class ObjectionOut(Schema):
    id: int
    publicity: str
    text: str
    status: str
    submitted_at: datetime
    response: str
    handled_at: datetime | None


class StaffObjectionOut(ObjectionOut):
    title: str
    author: str


class HandleIn(Schema):
    outcome: str = Field(max_length=20)
    response: str = Field(max_length=5000)


class ClosedOut(Schema):
    token: str
    result: str
    state: str


def _objection(o: Objection) -> dict:
    return {
        "id": o.id,
        "publicity": o.publicity.token,
        "text": o.text,
        "status": o.status,
        "submitted_at": o.submitted_at,
        "response": o.response,
        "handled_at": o.handled_at,
    }


# staff paths first: "objections" must not be read as a token
@router.get(
    "/publicity/objections",
    response=list[StaffObjectionOut],
    auth=signed_in,
    summary="Objections to the 公示 the caller manages (pending by default)",
)
def objection_list(request: HttpRequest, filters: Query[ObjectionListFilters]):
    if not request.user.has_perm("reviews.view_objections"):
        raise ServiceError(_("您没有权限执行此操作。"), status=403)
    rows = selectors.objections_for(request.user, status=filters.status)[:200]
    return [
        _objection(o) | {"title": o.publicity.title, "author": o.author.masked_name} for o in rows
    ]


@router.post(
    "/publicity/objections/{objection_id}/handling",
    response={200: ObjectionOut, **errors(409)},
    auth=signed_in,
    summary="Uphold or dismiss an objection, with a written response",
)
def objection_handle(request: HttpRequest, objection_id: Id, payload: HandleIn):
    objection = get_object_or_404(Objection.objects.select_related("publicity"), pk=objection_id)
    if not request.user.has_perm("reviews.handle_objection", objection):
        raise _not_found()
    objection = services.objection_handle(
        actor=request.user,
        objection=objection,
        outcome=payload.outcome,
        response=payload.response,
    )
    return _objection(objection)


@router.get(
    "/publicity",
    response={200: list[PublicityOut], **errors(404)},
    summary="What is under publicity now",
)
def publicity_list(request: HttpRequest, filters: Query[PublicityFilters]):
    kind = filters.kind or None
    if kind is not None:
        try:
            registry.get(kind)
        except LookupError:
            raise _not_found() from None
    return [_out(p) for p in selectors.open_publicities(kind)[:200]]


@router.get("/publicity/{token}", response=PublicityOut, summary="One item under publicity")
def publicity_detail(request: HttpRequest, token: Token):
    return _out(_publicity(token))


@router.post(
    "/publicity/{token}/objections",
    response={201: ObjectionOut, **errors(409)},
    auth=signed_in,
    summary="Object to an item while its 公示 runs (signed in)",
)
def objection_create(request: HttpRequest, token: Token, payload: ObjectionIn):
    publicity = _publicity(token)
    if not request.user.has_perm("reviews.object", publicity):
        raise ServiceError(_("您没有权限执行此操作。"), status=403)
    objection = services.objection_submit(
        actor=request.user, publicity=publicity, text=payload.text, ip=client_ip(request)
    )
    return Status(201, _objection(objection))


@router.post(
    "/publicity/{token}/close",
    response={200: ClosedOut, **errors(409)},
    auth=signed_in,
    summary="End a 公示 that is over and whose objections are handled",
)
def publicity_close(request: HttpRequest, token: Token):
    publicity = _publicity(token)
    if not request.user.has_perm("reviews.close_publicity", publicity):
        raise _not_found()
    result = services.publicity_close(actor=request.user, publicity=publicity)
    return {
        "token": publicity.token,
        "result": result.publicity.result,
        "state": result.application.state,
    }
