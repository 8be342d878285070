"""Roster import and ID-number protection: how long a full-size roster (THREECENTERS_ROSTER_MAX_ROWS
rows, default 5000) takes to preview and to import on a fresh SQLite database (or
DATABASE_URL), and how fast ID numbers are encrypted and hashed. Prints figures."""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(body17: str) -> str:
    total = sum(int(d) * w for d, w in zip(body17, _WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="tc-bench-people-"))
    os.environ.update(
        {
            "THREECENTERS_VAR_DIR": str(var_dir),
            "THREECENTERS_SECURE": "false",
            "THREECENTERS_LOG_LEVEL": "WARNING",
            "THREECENTERS_SMS_BACKEND": "memory",
            "DJANGO_SETTINGS_MODULE": "threecenters.settings",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from openpyxl import Workbook

    from threecenters.core.models import Area
    from threecenters.core.seed import seed_everything
    from threecenters.people import crypto, roster

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed_everything()
    community = Area.objects.get(slug="dajing")
    rows = settings.ROSTER_MAX_ROWS
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "手机号", "身份证号", "小区/地址", "标签"])
    for i in range(rows):
        body = f"510122{1950 + i % 50}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"
        sheet.append(
            [
                f"居民{i}",
                f"139{i:08d}",
                id_number(body),
                f"{i % 9 + 1} 组",
                "党员" if i % 7 == 0 else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()

    started = time.perf_counter()
    preview = roster.preview(data, community)
    preview_s = time.perf_counter() - started
    started = time.perf_counter()
    counts = roster.apply(actor=None, community=community, data=data, label="bench")
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    again = roster.apply(actor=None, community=community, data=data, label="bench")
    reimport_s = time.perf_counter() - started

    n = 2000
    started = time.perf_counter()
    for i in range(n):
        crypto.keyed_hash(crypto.encrypt(f"51012219900101{i:04d}"))
    crypto_s = time.perf_counter() - started

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"people roster ({db}, {len(data) // 1024} KiB, {rows} rows, {len(preview.bad)} bad):")
    print(f"  preview   {preview_s:6.2f} s  {rows / preview_s:8.0f} rows/s")
    print(f"  import    {import_s:6.2f} s  {rows / import_s:8.0f} rows/s  {counts}")
    print(f"  re-import {reimport_s:6.2f} s  {rows / reimport_s:8.0f} rows/s  {again}")
    print(f"  ID encrypt+hash {n / crypto_s:8.0f} numbers/s")


if __name__ == "__main__":
    main()
