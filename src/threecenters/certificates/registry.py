"""The kinds of certificate the platform issues. Each app registers its kinds in
``AppConfig.ready()``::

    from threecenters.certificates.registry import CertificateKind, register

    register(CertificateKind(
        code="course_completion", label=_("结业证书"), number_prefix="KC",
        title=_("课程结业记录"), detail_labels={"period": _("课程时间"), "hours": _("课时")},
    ))

and issues through ``threecenters.certificates.services.certificate_issue(kind="…", …)``. The
kernel never imports the app: the kind is data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PREFIX_RE = re.compile(r"^[A-Z0-9]{1,8}$")


@dataclass(frozen=True)
class CertificateKind:
    code: str
    label: Any
    # The kind's part of the number: ``<site prefix>-<number_prefix>-<year>-<sequence>``.
    number_prefix: str
    # The heading printed on the page and the PDF.
    title: Any
    # Which keys of a certificate's ``details`` are shown, in this order, with their labels.
    detail_labels: dict[str, Any] = field(default_factory=dict)


_kinds: dict[str, CertificateKind] = {}


def register(kind: CertificateKind) -> CertificateKind:
    """Register (or re-register, e.g. on a repeated ``ready()``) one kind of certificate."""
    if not kind.code.isidentifier() or len(kind.code) > 40:
        raise ValueError(f"certificate kind code must be a short identifier, got {kind.code!r}")
    if not PREFIX_RE.match(kind.number_prefix):
        raise ValueError(f"number_prefix must be 1-8 of A-Z 0-9, got {kind.number_prefix!r}")
    _kinds[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    _kinds.pop(code, None)


def get_kind(code: str) -> CertificateKind | None:
    return _kinds.get(code)
