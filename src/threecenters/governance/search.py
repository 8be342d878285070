"""How governance cases appear in the platform's search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from threecenters.search.registry import Document, SearchType, register


def case_document(case) -> Document | None:
    if not case.is_public:
        return None
    snap = case.current_version.snapshot
    start = snap.get("period_start") or ""
    year = (
        int(start[:4])
        if start[:4].isdigit()
        else (case.published_at.year if case.published_at else None)
    )
    figures = " ".join(f"{f['label']}{f['value']}{f['unit']}" for f in snap.get("figures", []))
    body = "\n".join(
        part
        for part in [
            snap.get("summary", ""),
            snap.get("method_name", ""),
            snap.get("community_name", ""),
            snap.get("background", ""),
            snap.get("method", ""),
            snap.get("measures", ""),
            snap.get("results", ""),
            figures,
            snap.get("lessons", ""),
        ]
        if part
    )
    return Document(
        title=snap["title"],
        body=body,
        tags=snap.get("tags", []),
        community_id=snap.get("community_id"),
        year=year,
        type="case",
    )


def register_cases() -> None:
    from threecenters.governance.models import Case

    register(
        SearchType(
            name="case",
            label=_("治理案例"),
            model=Case,
            to_document=case_document,
            url=lambda case: case.get_absolute_url(),
            is_public=lambda case: case.is_public,
            queryset=lambda: Case.objects.select_related("current_version", "community"),
        )
    )
