"""Account services used by the command line and the workspace."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from threecenters.core.audit import audit_record
from threecenters.core.models import Area, RoleAssignment, User


@transaction.atomic
def admin_create(*, username: str, password: str, subdistrict_slug: str | None = None) -> User:
    username = username.strip()
    if not username or len(username) > 150:
        raise ValueError("a login name of 1–150 characters is required")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"{username} already exists")
    user = User(username=username, is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    area = None
    if subdistrict_slug:
        area = Area.objects.filter(slug=subdistrict_slug, level=Area.Level.SUBDISTRICT).first()
        if area is None:
            raise ValueError(f"no subdistrict with code {subdistrict_slug}")
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.SYSTEM_ADMIN, area=area)
    audit_record(actor=None, action="user.create_admin", obj=user, label="cli")
    return user
