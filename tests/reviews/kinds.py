"""A second kind of subject, registered only in tests, to prove the stages are data: a
civilised-family nomination goes community review → 公示 (5 working days) → subdistrict review
→ announcement; an upheld objection strikes it off."""

from __future__ import annotations

from django.db.models import Q

from threecenters.core import roles
from threecenters.core.masking import mask_name
from threecenters.reviews import registry
from threecenters.reviews.registry import (
    CriterionSpec,
    PublicText,
    Shown,
    Stage,
    StageKind,
    SubjectKind,
    Visibility,
)

KEY = "test_family"


def _public_text(application) -> PublicText:
    name = application.applicant.display_name or application.applicant.username
    return PublicText(
        title=f"{mask_name(name)}家庭 · 文明家庭候选",
        summary="孝老爱亲，邻里互助，连续三年参与社区志愿服务。",
    )


def _managed_by(user):
    return Q() if roles.admin_subdistrict_ids(user) else None


KIND = SubjectKind(
    key=KEY,
    label="文明家庭评选",
    stages=(
        Stage(
            "community_review",
            "社区初审",
            StageKind.REVIEW,
            next=("publicity", "withdrawn"),
            min_reviewers=1,
            reviewers_see_others=Visibility.NEVER,
        ),
        Stage(
            "publicity",
            "公示",
            StageKind.PUBLICITY,
            next=("subdistrict_review", "struck_off", "withdrawn"),
            publicity_days=5,
            upheld="struck_off",
        ),
        Stage(
            "subdistrict_review",
            "街道审核",
            StageKind.REVIEW,
            next=("announced", "withdrawn"),
            reviewers_see_others=Visibility.ALWAYS,
        ),
        Stage(
            "announced",
            "结果公布",
            StageKind.DECISION,
            applicant_sees=frozenset({Shown.DECISION}),
        ),
        Stage("struck_off", "因异议成立终止", StageKind.CLOSED),
        Stage("withdrawn", "已撤回", StageKind.WITHDRAWN),
    ),
    min_reviewers=2,  # subdistrict review: the kind's default
    default_rubric=[CriterionSpec("deeds", "事迹", 1)],
    public_text=_public_text,
    managed_by=_managed_by,
)


def register() -> SubjectKind:
    return registry.register(KIND)


def unregister() -> None:
    registry.unregister(KEY)


def in_publicity(personas, applicant=None):
    """A nomination reviewed by the community (one reviewer, the 大井 worker) and now in 公示."""
    from threecenters.reviews import services

    admin, reviewer = personas["admin"], personas["worker_dajing"]
    app = services.application_open(actor=applicant or personas["resident"], kind=KEY)
    services.assignment_create(actor=admin, application=app, reviewer=reviewer)
    services.scores_submit(actor=reviewer, application=app, scores={"deeds": (5, "")})
    services.application_transition(actor=admin, application=app, to="publicity")
    return app, app.publicities.get()


def end_period(publicity) -> None:
    """Move the period into the past, as if its working days had gone by."""
    from datetime import timedelta

    from threecenters.reviews.models import Publicity

    shift = publicity.ends_at - publicity.starts_at + timedelta(minutes=1)
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_at=publicity.starts_at - shift, ends_at=publicity.ends_at - shift
    )
    publicity.refresh_from_db()
