"""Shared builders for the certificate tests: one issued certificate of the test kind."""

from __future__ import annotations

from threecenters.certificates import services

KIND = "test_record"


def issue(world, personas, *, holder=None, source=None, **options):
    holder = holder or personas["resident"]
    values = {
        "actor": personas["civility_staff"],
        "kind": KIND,
        "holder": holder,
        "subject": "参加社区小二志愿服务",
        "issuer_center": world["centers"]["civility"],
        "details": {"hours": 12, "secret": "not shown"},
    }
    values.update(options)
    return services.certificate_issue(source=source, **values)
