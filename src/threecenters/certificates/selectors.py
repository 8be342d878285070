"""Reads of the certificates kernel."""

from __future__ import annotations

from django.db.models import QuerySet

from threecenters.certificates.models import Certificate
from threecenters.core.models import User


def by_token(token: str) -> Certificate | None:
    """The certificate a public link names, or None (also for junk that is no token at all)."""
    if not token or len(token) > 40:
        return None
    return Certificate.objects.select_related("issuer_center").filter(token=token).first()


def certificates_of(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder=user).order_by("-issued_at", "-id")
