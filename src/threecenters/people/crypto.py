"""ID-number protection: Fernet encryption with rotatable keys, a keyed hash for uniqueness,
and the GB 11643 check digit."""

from __future__ import annotations

import hashlib
import hmac
import re

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def normalise_id_number(raw: str) -> str:
    return (raw or "").strip().upper().replace(" ", "")


def id_number_valid(number: str) -> bool:
    """18 characters, a plausible birth date, and the right check digit (GB 11643-1999)."""
    if not ID_PATTERN.match(number):
        return False
    month, day = int(number[10:12]), int(number[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.ID_KEYS])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt with the current (first) key."""
    return _fernet().rotate(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(data: bytes) -> bytes:
    return _fernet().decrypt(bytes(data))


def keyed_hash(text: str) -> str:
    return hmac.new(settings.ID_HASH_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def digest(secret: str) -> str:
    """For high-entropy secrets (API tokens, codes with attempt limits): keyed SHA-256."""
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()
