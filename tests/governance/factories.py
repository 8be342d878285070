"""Helpers to make cases in tests (through the services, as the app does)."""

from __future__ import annotations

import datetime

from threecenters.governance import services


def make_case(
    world,
    personas,
    *,
    title="测试案例",
    community="jiaolong",
    publish=True,
    tags=("测试",),
    **fields,
):
    fields.setdefault("summary", "测试用的案例摘要。")
    fields.setdefault("measures", "测试用的主要做法。")
    fields.setdefault("period_start", datetime.date(2020, 3, 1))
    case = services.case_create(
        actor=personas["governance_staff"],
        subdistrict=world["subdistrict"],
        title=title,
        community=world["communities"][community] if community else None,
        tags=list(tags),
        **fields,
    )
    if publish:
        case = services.case_publish(actor=personas["governance_staff"], case=case)
    return case
