"""Helpers to make cases in tests (through the services, as the app does)."""

from __future__ import annotations

from tests.factories import CaseFactory


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
    """A case of 九江街道 written by the governance center's staff (``CaseFactory``)."""
    return CaseFactory(
        actor=personas["governance_staff"],
        subdistrict=world["subdistrict"],
        title=title,
        community=world["communities"][community] if community else None,
        publish=publish,
        tags=tags,
        **fields,
    )
