"""Who may do what with events. Organisers: staff of the event's center, community workers for
events in their community, and the subdistrict's administrators. Residents sign up; employers
book booths for the organisations their role is scoped to."""

from __future__ import annotations

import rules

from threecenters.core import roles
from threecenters.events.models import Event, Photo


@rules.predicate
def can_organise(user) -> bool:
    """May create events somewhere (has a center, community or subdistrict to organise in)."""
    return bool(
        roles.admin_subdistrict_ids(user)
        or roles.staffed_center_ids(user)
        or roles.worked_community_ids(user)
    )


@rules.predicate
def can_manage_event(user, event: Event | None) -> bool:
    if event is None:
        return can_organise(user)
    if event.center_id in roles.staffed_center_ids(user):
        return True
    if event.community_id and event.community_id in roles.worked_community_ids(user):
        return True
    return event.center.subdistrict_id in roles.admin_subdistrict_ids(user)


@rules.predicate
def can_view_event(user, event: Event | None) -> bool:
    if event is None:
        return True
    if event.status != Event.Status.DRAFT:
        return True
    return can_manage_event(user, event)


@rules.predicate
def can_act_for_organisation(user, organisation) -> bool:
    """Holds an employer role scoped to this organisation (books its booths)."""
    if organisation is None:
        return bool(organisations_acted_for_ids(user))
    return organisation.pk in organisations_acted_for_ids(user)


def organisations_acted_for_ids(user) -> set[int]:
    return {
        a.organisation_id
        for a in roles.assignments(user)
        if a.role == roles.Role.EMPLOYER and a.organisation_id
    }


rules.add_perm("events.organise", can_organise)
rules.add_perm("events.act_for_organisation", can_act_for_organisation)
rules.add_perm("events.manage_event", can_manage_event)
rules.add_perm("events.view_event", can_view_event)


@rules.predicate
def can_view_photo(user, photo: Photo) -> bool:
    """An approved photo of a visible event is public; the person who uploaded it and the
    event's organisers (the moderation page) see it in every state."""
    if photo.status == Photo.Status.APPROVED and can_view_event(user, photo.event):
        return True
    if getattr(user, "is_authenticated", False) and photo.uploader_id == user.pk:
        return True
    return can_manage_event(user, photo.event)


rules.add_perm("events.view_photo", can_view_photo)
