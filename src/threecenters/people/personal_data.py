"""The people app's part of a person's data download (core.personal_data): the audit entries
about them that they may see — their own account events (sign-ins, password and session
changes, consents, tokens, their data requests) and what others did to their account or
profile (reveals of their personal data, roles given or taken, decisions on their requests),
the other person's name masked and their address left out."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from threecenters.core.masking import mask_login, mask_name
from threecenters.core.models import AuditEntry
from threecenters.core.personal_data import Part, iso, register_part

OWN_ACTIONS = ("auth.", "user.", "consent.", "token.", "profile.update")


def audit_part(user) -> list[dict]:
    from threecenters.people.models import DeletionRequest, ResidentProfile

    about_me = Q(object_type="core.user", object_id=str(user.pk))
    for model in (ResidentProfile, DeletionRequest):
        ids = [str(pk) for pk in model.objects.filter(user=user).values_list("pk", flat=True)]
        if ids:
            about_me |= Q(object_type=model._meta.label_lower, object_id__in=ids)
    own_actions = Q()
    for prefix in OWN_ACTIONS:
        own_actions |= Q(action__startswith=prefix)
    entries = (
        AuditEntry.objects.filter((Q(actor=user) & own_actions) | about_me)
        .select_related("actor")
        .order_by("at", "id")
    )
    out = []
    for entry in entries.iterator(chunk_size=500):
        mine = entry.actor_id == user.pk
        if mine:
            by = _("本人")
        elif entry.actor is not None:
            by = mask_name(entry.actor.display_name) or mask_login(entry.actor_label)
        else:
            by = mask_login(entry.actor_label)
        row = {"at": iso(entry.at), "action": entry.action, "outcome": entry.outcome, "by": by}
        if mine:
            row["ip"] = entry.ip
        reason = entry.changes.get("reason") if isinstance(entry.changes, dict) else None
        if reason and not mine:
            row["reason"] = str(reason)
        out.append(row)
    return out


def register() -> None:
    register_part(Part("audit", audit_part, order=900))
