"""The caller's own profile and staff reads of resident profiles — masked."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from threecenters.api import Token, signed_in
from threecenters.core import roles
from threecenters.core.kit import ServiceError
from threecenters.people.models import ResidentProfile

router = Router(tags=["people"])


class RoleOut(Schema):
    role: str
    label: str
    scope: str


class MeOut(Schema):
    public_number: str
    name: str
    mobile: str
    id_number: str
    community: str | None
    tags: list[str]
    roles: list[RoleOut]
    two_factor: bool


class ResidentOut(Schema):
    token: str
    public_number: str
    name: str
    mobile: str
    id_number: str
    community: str | None
    tags: list[str]


def _tags(profile: ResidentProfile | None) -> list[str]:
    return [t.name for t in profile.tags.all()] if profile else []


@router.get("/me", response=MeOut, auth=signed_in, summary="The caller's profile (masked)")
def me(request: HttpRequest):
    from threecenters.people.services import two_factor_enabled

    user = request.user
    profile = ResidentProfile.objects.select_related("community").filter(user=user).first()
    return MeOut(
        public_number=user.public_number or "",
        name=user.masked_name,
        mobile=user.masked_mobile,
        id_number=profile.id_masked if profile else "",
        community=profile.community.name if profile and profile.community else None,
        tags=_tags(profile),
        roles=[
            RoleOut(
                role=a.role,
                label=str(a.get_role_display()),
                scope=str(a.area or a.center or a.organisation or ""),
            )
            for a in roles.assignments(user)
        ],
        two_factor=two_factor_enabled(user),
    )


@router.get(
    "/residents/{token}",
    response=ResidentOut,
    auth=signed_in,
    summary="One resident profile (staff in scope; masked)",
)
def resident(request: HttpRequest, token: Token):
    profile = (
        ResidentProfile.objects.select_related("user", "community").filter(token=token).first()
    )
    if profile is None or not request.user.has_perm("people.view_resident", profile):
        raise ServiceError(status=404)
    return ResidentOut(
        token=profile.token,
        public_number=profile.user.public_number or "",
        name=profile.user.masked_name,
        mobile=profile.user.masked_mobile,
        id_number=profile.id_masked,
        community=profile.community.name if profile.community else None,
        tags=_tags(profile),
    )
