"""Demo cases (marked as demo content), their spread and an exchange session. Idempotent."""

from __future__ import annotations

import datetime

from threecenters.core.models import Area, Center, RoleAssignment, User
from threecenters.events.models import Event
from threecenters.governance import services
from threecenters.governance.demo_cases import ADOPTIONS, CASES, SESSIONS
from threecenters.governance.models import Case, ExchangeSession


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _demo_author(subdistrict: Area) -> User:
    """The governance center's demo staff member (created by the core seed); else any user
    holding a staff role there."""
    user = User.objects.filter(username="demo-governance").first()
    if user is not None:
        return user
    assignment = (
        RoleAssignment.objects.filter(
            role=RoleAssignment.Role.CENTER_STAFF,
            center__kind=Center.Kind.GOVERNANCE,
            center__subdistrict=subdistrict,
        )
        .select_related("user")
        .first()
    )
    if assignment is None:
        raise LookupError("no governance center staff to author the demo cases")
    return assignment.user


def seed_demo() -> dict[str, int]:
    subdistrict = Area.objects.filter(slug="jiujiang").first()
    if subdistrict is None:
        return {"cases": 0}
    actor = _demo_author(subdistrict)
    communities = {
        a.slug: a for a in Area.objects.filter(level=Area.Level.COMMUNITY, parent=subdistrict)
    }
    by_key: dict[str, Case] = {}
    created = 0
    for (
        key,
        title,
        community,
        method_name,
        start,
        tags,
        summary,
        background,
        method,
        measures,
        results,
        figures,
        lessons,
    ) in CASES:
        case = Case.objects.filter(subdistrict=subdistrict, title=title, is_demo=True).first()
        if case is None:
            case = services.case_create(
                actor=actor,
                subdistrict=subdistrict,
                title=title,
                community=communities.get(community) if community else None,
                tags=tags,
                is_demo=True,
                method_name=method_name,
                period_start=_date(start),
                summary=summary,
                background=background,
                method=method,
                measures=measures,
                results=results,
                lessons=lessons,
                figures=[
                    {"label": label, "value": value, "unit": unit} for label, value, unit in figures
                ],
            )
            case = services.case_publish(actor=actor, case=case)
            created += 1
        by_key[key] = case
    for key, community, kind, when, adopted, people, outcome in ADOPTIONS:
        case = by_key[key]
        if (
            community in communities
            and not case.adoptions.filter(
                community=communities[community], date=_date(when)
            ).exists()
        ):
            services.adoption_record(
                actor=actor,
                case=case,
                community=communities[community],
                kind=kind,
                date=_date(when),
                adopted=adopted,
                people=people,
                outcome=outcome,
            )
    for title, when, place, case_keys, community_slugs, attendance, summary in SESSIONS:
        # the event engine's seed holds the event that was this session (same title and day)
        event = (
            Event.objects.filter(
                center__subdistrict=subdistrict,
                title=title,
                starts_at__date=_date(when),
            )
            .exclude(status=Event.Status.CANCELLED)
            .first()
        )
        existing = ExchangeSession.objects.filter(subdistrict=subdistrict, title=title).first()
        if existing is not None:
            if existing.event_id is None and event is not None:
                ExchangeSession.objects.filter(pk=existing.pk).update(event=event)
            continue
        services.session_record(
            actor=actor,
            subdistrict=subdistrict,
            title=title,
            date=_date(when),
            place=place,
            cases=[by_key[k] for k in case_keys],
            communities=[communities[s] for s in community_slugs if s in communities],
            attendance=attendance,
            summary=summary,
            event=event,
        )
    return {"cases": created}
