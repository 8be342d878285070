"""Spreadsheet cells that are safe to open.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as
a formula by Excel, WPS and LibreOffice (``=HYPERLINK(...)`` in a sign-in name or a User-Agent
becomes a link that leaks data, or worse). Every CSV and .xlsx writer passes each cell through
``safe_cell``, which puts an apostrophe in front of such text so it stays text. Numbers, dates
and empty values are returned unchanged (a negative number stays a number).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]
