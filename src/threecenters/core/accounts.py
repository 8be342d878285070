"""Accounts with a role: the one place that builds them.

``threecenters createadmin``, ``threecenters user create`` (people.services.user_create), the
demo seed and the test personas all call ``account_create``. No account is a Django superuser
or staff member (the database refuses a superuser: migration 0003): what a person may do comes
from their role assignments alone, through the predicates in each app's rules.py.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from threecenters.core.audit import audit_record
from threecenters.core.kit import ServiceError, service
from threecenters.core.models import (
    Area,
    Center,
    Organisation,
    RoleAssignment,
    User,
    mobile_validator,
)

Role = RoleAssignment.Role

# What each role is scoped to: a subdistrict or a community (an Area of that level), a center
# or an organisation.
SCOPE_KINDS = {
    Role.SUBDISTRICT_ADMIN: "subdistrict",
    Role.SYSTEM_ADMIN: "subdistrict",
    Role.SECURITY_ADMIN: "subdistrict",
    Role.AUDIT_ADMIN: "subdistrict",
    Role.EXPERT: "subdistrict",
    Role.CENTER_STAFF: "center",
    Role.COMMUNITY_WORKER: "community",
    Role.RESIDENT: "community",
    Role.VOLUNTEER: "community",
    Role.ENTREPRENEUR: "community",
    Role.TEAM_LEADER: "organisation",
    Role.EMPLOYER: "organisation",
}
# The system administrator may hold the role for the whole installation (no subdistrict): the
# first account of a fresh installation is made before any subdistrict exists.
INSTALLATION_WIDE = {Role.SYSTEM_ADMIN}


class AccountRefused(ServiceError):
    """An account that cannot be made (core's ServiceError; ``field`` names the input)."""


def _scope(
    role: str, area: Area | None, center: Center | None, organisation: Organisation | None
) -> dict:
    kind = SCOPE_KINDS[role]
    if role in INSTALLATION_WIDE and area is center is organisation is None:
        return {}
    if kind in {"subdistrict", "community"}:
        if area is None or area.level != kind or center is not None or organisation is not None:
            message = (
                _("这个角色需要指定社区。") if kind == "community" else _("这个角色需要指定街道。")
            )
            raise AccountRefused(message, status=422, field=kind)
        return {"area": area}
    if kind == "center":
        if center is None or area is not None or organisation is not None:
            raise AccountRefused(_("这个角色需要指定中心。"), status=422, field="center")
        return {"center": center}
    if organisation is None or area is not None or center is not None:
        raise AccountRefused(_("这个角色需要指定组织。"), status=422, field="organisation")
    return {"organisation": organisation}


@service
def account_create(
    *,
    login: str,
    role: str,
    area: Area | None = None,
    center: Center | None = None,
    organisation: Organisation | None = None,
    display_name: str = "",
    mobile: str | None = None,
    password: str | None = None,
    label: str = "cli",
) -> User:
    """A new account holding one role in its scope (``area`` for subdistrict and community
    roles, else ``center`` or ``organisation``; none for an installation-wide system
    administrator). Without a password it cannot sign in until one is set (SMS reset)."""
    login = (login or "").strip()
    if not login or len(login) > 150:
        raise AccountRefused(_("登录名需要 1–150 个字符。"), status=422, field="login")
    if User.objects.filter(username=login).exists():
        raise AccountRefused(_("该登录名已被使用。"), status=409, field="login")
    if role not in Role.values:
        raise AccountRefused(_("没有这个角色。"), status=422, field="role")
    scope = _scope(role, area, center, organisation)
    mobile = (mobile or "").strip() or None
    if mobile is not None:
        try:
            mobile_validator(mobile)
        except ValidationError:
            raise AccountRefused(
                _("请输入 11 位中国大陆手机号。"), status=422, field="mobile"
            ) from None
        if User.objects.filter(mobile=mobile).exists():
            raise AccountRefused(_("该手机号已注册。"), status=409, field="mobile")
    display_name = (display_name or login).strip()
    if len(display_name) > 40:
        raise AccountRefused(_("姓名不能超过 40 个字符。"), status=422, field="display_name")
    # Never a Django superuser or staff member: the admin is opened by a predicate too.
    user = User(
        username=login,
        mobile=mobile,
        display_name=display_name,
        is_superuser=False,
        is_staff=False,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise AccountRefused(" ".join(exc.messages), status=422, field="password") from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    RoleAssignment.objects.create(user=user, role=role, **scope)
    audit_record(
        actor=None,
        action="user.create",
        obj=user,
        label=label,
        changes={"role": role, "scope": ", ".join(str(v) for v in scope.values())},
    )
    return user
