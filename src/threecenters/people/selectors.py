"""Reads of the people app."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from threecenters.core import roles
from threecenters.core.models import Area, AuditEntry, RoleAssignment, User
from threecenters.people.models import DeletionRequest, ResidentProfile
from threecenters.people.rules import security_subdistrict_ids


def residents() -> QuerySet[ResidentProfile]:
    """The residents the platform counts: resident records (居民档案) that belong to a community.
    Every figure of residents (the 居民档案 list and its total, the proposal pre-check's count of
    a community's residents) is read from here, so they agree."""
    return ResidentProfile.objects.filter(community__level=Area.Level.COMMUNITY)


def resident_count(community: Area) -> int:
    return residents().filter(community=community).count()


def residents_for_staff(user: User, community: Area | None = None) -> QuerySet[ResidentProfile]:
    admin_ids = roles.admin_subdistrict_ids(user)
    community_ids = roles.worked_community_ids(user)
    qs = (
        residents()
        .filter(Q(community_id__in=community_ids) | Q(community__parent_id__in=admin_ids))
        .select_related("user", "community")
    )
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("-id")


def manageable_subdistrict_ids(user: User) -> set[int]:
    return security_subdistrict_ids(user) | roles.admin_subdistrict_ids(user)


def accounts_for_admin(user: User, query: str = "") -> QuerySet[User]:
    ids = manageable_subdistrict_ids(user)
    in_scope = RoleAssignment.objects.filter(
        Q(area_id__in=ids)
        | Q(area__parent_id__in=ids)
        | Q(center__subdistrict_id__in=ids)
        | Q(organisation__subdistrict_id__in=ids)
    ).values("user_id")
    qs = User.objects.filter(
        Q(pk__in=in_scope) | Q(resident_profile__community__parent_id__in=ids)
    ).exclude(pk=user.pk)
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(username__icontains=query) | Q(public_number__iexact=query) | Q(mobile=query)
        )
    return qs.distinct().order_by("-id")


def deletion_requests_for(user: User) -> QuerySet[DeletionRequest]:
    ids = roles.admin_subdistrict_ids(user)
    in_scope = RoleAssignment.objects.filter(
        Q(area_id__in=ids)
        | Q(area__parent_id__in=ids)
        | Q(center__subdistrict_id__in=ids)
        | Q(organisation__subdistrict_id__in=ids)
    ).values("user_id")
    return (
        DeletionRequest.objects.filter(
            Q(user_id__in=in_scope) | Q(user__resident_profile__community__parent_id__in=ids),
            status=DeletionRequest.Status.PENDING,
        )
        .select_related("user")
        .distinct()
        .order_by("created_at", "id")
    )


def audit_entries(
    *, who: str = "", action: str = "", obj: str = "", since=None, until=None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if who:
        qs = qs.filter(Q(actor_label__icontains=who) | Q(actor__public_number__iexact=who))
    if action:
        qs = qs.filter(action__startswith=action)
    if obj:
        qs = qs.filter(Q(object_type__startswith=obj) | Q(object_id=obj))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")
