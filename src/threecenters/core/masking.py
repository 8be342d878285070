"""Masking of personal data: what everyone sees unless a reveal is permitted and logged."""

from __future__ import annotations

import re


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep the first letter."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_mobile(mobile: str) -> str:
    """13812341234 → 138****1234."""
    mobile = (mobile or "").strip()
    if len(mobile) < 11:
        # A malformed number shows no more than its first three digits.
        return mobile[:3] + "*" * max(1, len(mobile) - 3) if len(mobile) > 3 else "*" * len(mobile)
    return mobile[:3] + "*" * (len(mobile) - 7) + mobile[-4:]


def mask_id_number(number: str) -> str:
    """510122199001011234 → 510122********1234."""
    number = (number or "").strip()
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


_DIGIT_RUN = re.compile(r"\d{7,}")


def mask_login(login: str) -> str:
    """A login name as the audit trail keeps it: a mobile number typed as the login (or any run
    of seven or more digits in it) is masked like a mobile; at most 150 characters."""
    return _DIGIT_RUN.sub(lambda m: mask_mobile(m.group()), (login or "").strip())[:150]


def mask_value(field: str, value):
    """A personal field's value as the audit trail keeps it: 张*, 138****1234, 510122****…;
    anything else personal as ***."""
    if value in (None, ""):
        return value
    text = str(value)
    if "mobile" in field or "phone" in field:
        return mask_mobile(text)
    if "id_number" in field:
        return mask_id_number(text)
    if "name" in field:
        return mask_name(text)
    return "***"


def masked_changes(changes: dict[str, list], personal) -> dict[str, list]:
    """Audit ``changes`` ({field: [old, new]}) with the ``personal`` fields masked."""
    return {
        key: [mask_value(key, v) for v in values] if key in personal else values
        for key, values in changes.items()
    }
