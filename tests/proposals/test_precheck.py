"""The feasibility pre-check shows each figure with inputs and source and never decides."""

from decimal import Decimal

import pytest

from threecenters.proposals import selectors
from threecenters.proposals.models import AreaNorm

pytestmark = pytest.mark.django_db


def test_area_per_participant_is_compared_with_the_norm_for_the_type(submitted):
    item = selectors.precheck_area(submitted)
    # 60 m² / 80 people = 0.75 m² each; default activity-space norm 2 m² → 38 %
    assert "0.75" in item.figure and "38%" in item.figure
    assert any("80" in value for _label, value in item.inputs)
    assert item.source


def test_a_configured_norm_replaces_the_default(submitted):
    AreaNorm.objects.create(
        type="activity_space", m2_per_participant=Decimal("0.75"), source="测试标准"
    )
    item = selectors.precheck_area(submitted)
    assert "100%" in item.figure and "测试标准" in item.source


def test_pieces_without_data_say_so_plainly(submitted):
    items = {i.title: i for i in selectors.precheck(submitted)}
    assert not items["周边已有场地"].available and "暂无数据" in items["周边已有场地"].note
    assert not items["预算与资金余额"].available and "暂无数据" in items["预算与资金余额"].note
    assert "尚未接入" in items["周边居民"].note
