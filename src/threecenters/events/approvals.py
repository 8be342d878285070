"""The organiser's approval list: sign-ups waiting for approval across the events a person
organises, with what the decision needs (community, tags, the eligibility check's result, a
masked mobile, the public number that tells two people with the same masked name apart), and
bulk decisions that go through the one decision service."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from threecenters.core.kit import ServiceError, service
from threecenters.core.models import User
from threecenters.events import selectors
from threecenters.events.models import Registration
from threecenters.events.services import eligibility_error, registration_decide

# one bulk decision covers at most this many sign-ups (one page of the list)
BULK_MAX = 100


def awaiting(user: User) -> QuerySet[Registration]:
    """Sign-ups and booth bookings waiting for this organiser's decision, oldest first (the
    workspace badge and to-do item count the same rows)."""
    from threecenters.people.models import ResidentProfile, ResidentTag

    return (
        Registration.objects.filter(
            event__in=selectors.events_for_organiser(user).values("id"),
            status=Registration.Status.AWAITING_APPROVAL,
        )
        .select_related(
            "event", "event__center", "event__community", "person", "organisation", "booked_by"
        )
        .prefetch_related(
            Prefetch(
                "person__resident_profile",
                queryset=ResidentProfile.objects.select_related("community"),
            ),
            Prefetch("person__resident_profile__tags", queryset=ResidentTag.objects.all()),
        )
        .order_by("created_at", "id")
    )


@dataclass
class Row:
    registration: Registration
    profile: object | None
    eligibility: str | None  # why the person does not meet the event's rule, or None
    may_view: bool  # whether the organiser may open the resident's record (and reveal there)


def rows(user: User, registrations: list[Registration]) -> list[Row]:
    out = []
    for reg in registrations:
        person = reg.person
        profile = getattr(person, "resident_profile", None) if person is not None else None
        out.append(
            Row(
                registration=reg,
                profile=profile,
                eligibility=eligibility_error(reg.event, person) if person is not None else None,
                may_view=profile is not None and user.has_perm("people.view_resident", profile),
            )
        )
    return out


@dataclass
class BulkResult:
    decided: int
    skipped: list[tuple[Registration, str]]  # with the reason each was left as it was


@service
def registrations_decide(*, actor: User, ids: list[int], approve: bool) -> BulkResult:
    """Approve or reject several sign-ups in one transaction. Each goes through
    ``registration_decide`` (its permission check, seats, waitlist and notice); one that cannot
    be decided (decided meanwhile by someone else, not the actor's event) is left as it was and
    reported, and the others are still decided."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        raise ServiceError(_("请至少选择一项。"), code="nothing_chosen", status=422)
    if len(ids) > BULK_MAX:
        raise ServiceError(
            _("一次最多处理 %(n)d 项。") % {"n": BULK_MAX}, code="too_many", status=422
        )
    found = {
        reg.pk: reg
        for reg in Registration.objects.filter(pk__in=ids).select_related("event", "person")
    }
    decided = 0
    skipped: list[tuple[Registration, str]] = []
    for pk in ids:
        reg = found.get(pk)
        if reg is None or not actor.has_perm("events.manage_event", reg.event):
            raise ServiceError(_("您没有权限执行此操作。"), code="forbidden", status=403)
    for pk in ids:
        reg = found[pk]
        try:
            with transaction.atomic():
                registration_decide(registration=reg, actor=actor, approve=approve)
        except ServiceError as exc:
            skipped.append((reg, exc.message))
        else:
            decided += 1
    return BulkResult(decided=decided, skipped=skipped)
