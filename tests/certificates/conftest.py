"""The test kind every certificate test issues."""

from __future__ import annotations

import pytest

from tests.certificates.helpers import KIND
from threecenters.certificates import registry


@pytest.fixture
def test_kind():
    kind = registry.register(
        registry.CertificateKind(
            code=KIND,
            label="服务记录",
            number_prefix="FW",
            title="志愿服务平台记录",
            detail_labels={"hours": "服务时长（小时）"},
        )
    )
    yield kind
    registry.unregister(KIND)
