"""The case editor offers submit, publish and return exactly when the services allow them:
both ask the case's own rule (``Case.allows``)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from tests.governance.factories import make_case
from threecenters.core.kit import ServiceError
from threecenters.governance import services
from threecenters.governance.models import Case

STEPS = {
    "submit": ("governance:staff-case-submit", services.case_submit),
    "publish": ("governance:staff-case-publish", services.case_publish),
    "return": ("governance:staff-case-return", services.case_return),
}


class _Rollback(Exception):
    pass


def moves(step, actor, case: Case) -> bool:
    """Whether the service moves the case (a repeated step that changes nothing does not)."""
    before = case.status
    try:
        with transaction.atomic():
            after = STEPS[step][1](actor=actor, case=case).status
            raise _Rollback
    except _Rollback:
        return after != before
    except ServiceError:
        return False


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s.value for s in Case.Status if s != Case.Status.ARCHIVED])
def test_each_step_is_offered_exactly_when_its_service_moves_the_case(
    status, world, personas, client_for
):
    case = make_case(world, personas, publish=False)
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    page = (
        client_for("governance_staff")
        .get(reverse("governance:staff-case-edit", args=[case.pk]))
        .content.decode()
    )
    staff = personas["governance_staff"]
    offered = {step: reverse(url, args=[case.pk]) in page for step, (url, _call) in STEPS.items()}
    assert offered == {step: moves(step, staff, case) for step in STEPS}
    assert offered == {step: case.allows(step) for step in STEPS}
