"""Chinese first, English complete: catalogs have no missing, empty, fuzzy or stale entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def test_message_catalogs_are_complete_and_compiled():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stdout


def test_the_checker_catches_an_untranslated_entry(tmp_path):
    import polib

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n
    finally:
        sys.path.pop(0)
    po = polib.POFile()
    po.append(polib.POEntry(msgid="新的句子", msgstr=""))
    po.append(polib.POEntry(msgid="旧的句子", msgstr="Old", flags=["fuzzy"]))
    path = tmp_path / "django.po"
    po.save(str(path))
    found = i18n.problems(path, polib.pofile(str(path)))
    assert len(found) == 2 and "untranslated" in found[0] and "fuzzy" in found[1]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh-hans", "¥1,234,567.89"), ("en", "¥1,234,567.89")],
)
def test_money_in_fen_is_formatted(lang, expected):
    with translation.override(lang):
        out = Template("{% load tc %}{{ v|fen }}").render(Context({"v": 123456789}))
    assert out == expected


def test_dates_follow_the_language():
    from datetime import date

    with translation.override("zh-hans"):
        zh = Template("{{ d|date:'DATE_FORMAT' }}").render(Context({"d": date(2020, 8, 20)}))
    with translation.override("en"):
        en = Template("{{ d|date:'DATE_FORMAT' }}").render(Context({"d": date(2020, 8, 20)}))
    assert zh == "2020年8月20日"
    assert en == "Aug. 20, 2020"
