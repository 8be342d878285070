"""The certificates app's part of a person's data download (core.personal_data): the
certificates issued to them, revoked ones included."""

from __future__ import annotations

from threecenters.core.personal_data import Part, iso, register_part


def certificates_part(user) -> list[dict]:
    from threecenters.certificates.models import Certificate

    return [
        {
            "number": c.number,
            "kind": c.kind,
            "subject": c.subject,
            "issuer": c.issuer_name,
            "holder_name": c.holder_name,
            "issued_at": iso(c.issued_at),
            "revoked_at": iso(c.revoked_at),
            "revoke_reason": c.revoke_reason,
        }
        for c in Certificate.objects.filter(holder=user).order_by("issued_at", "id")
    ]


def register() -> None:
    register_part(Part("certificates", certificates_part, order=400))
