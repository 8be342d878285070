"""Keep the message catalogs complete.

    python scripts/i18n.py           extract, fill zh_Hans (msgstr = msgid), compile, report gaps
    python scripts/i18n.py --check   exit 1 if any catalog is missing, empty, fuzzy or stale

Source strings are Chinese, so the zh_Hans catalog mirrors them; the en catalog is written by
hand. Each app keeps its own ``locale/``; strings outside the apps go to ``src/threecenters/locale``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "threecenters"
LANGS = ["zh_Hans", "en"]


def app_dirs(package: Path) -> list[Path]:
    return sorted(p for p in package.iterdir() if p.is_dir() and (p / "apps.py").exists())


def extract(package: Path) -> None:
    # A throwaway var dir, so extraction never writes a demo secret key into the source tree.
    scratch = tempfile.mkdtemp(prefix="tc-i18n-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "threecenters.settings",
        "THREECENTERS_VAR_DIR": scratch,
    }
    common = ["makemessages", "--no-location", "--no-obsolete", "-i", "migrations", "-i", "static"]
    for lang in LANGS:
        common += ["-l", lang]
    django_admin = [str(Path(sys.executable).with_name("django-admin"))]
    for app in app_dirs(package):
        (app / "locale").mkdir(exist_ok=True)
        subprocess.run([*django_admin, *common], cwd=app, env=env, check=True, capture_output=True)
    (package / "locale").mkdir(exist_ok=True)
    ignores: list[str] = []
    for app in app_dirs(package):
        ignores += ["-i", app.name]
    subprocess.run(
        [*django_admin, *common, *ignores], cwd=package, env=env, check=True, capture_output=True
    )


def catalogs(package: Path) -> list[Path]:
    return sorted(package.glob("**/locale/*/LC_MESSAGES/django.po"))


def fill_and_compile(package: Path) -> list[str]:
    gaps: list[str] = []
    for po_path in catalogs(package):
        po = polib.pofile(str(po_path))
        lang = po_path.parent.parent.name
        for entry in po:
            if lang == "zh_Hans":
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid}
                else:
                    entry.msgstr = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()
        gaps += problems(po_path, po)
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    return gaps


def _translation(entry) -> str | tuple:
    """What an entry translates to: its msgstr, or its plural forms in order."""
    if entry.msgid_plural:
        return tuple(str(entry.msgstr_plural[k]) for k in sorted(entry.msgstr_plural, key=int))
    return entry.msgstr


def problems(po_path: Path, po: polib.POFile) -> list[str]:
    out = []
    rel = po_path.relative_to(ROOT) if po_path.is_relative_to(ROOT) else po_path
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            out.append(f"{rel}: fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                out.append(f"{rel}: untranslated: {entry.msgid!r}")
        elif not entry.msgstr:
            out.append(f"{rel}: untranslated: {entry.msgid!r}")
    return out


def check() -> list[str]:
    """Re-extract into a copy and compare with what is committed."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "threecenters"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        extract(copy)
        for fresh in catalogs(copy):
            rel = fresh.relative_to(copy)
            committed = PACKAGE / rel
            if not committed.exists():
                found.append(f"missing catalog: {rel}")
                continue
            have = {(e.msgctxt, e.msgid) for e in polib.pofile(str(committed)) if not e.obsolete}
            need = {(e.msgctxt, e.msgid) for e in polib.pofile(str(fresh))}
            for _ctxt, msgid in sorted(need - have, key=str):
                found.append(f"{rel}: not in catalog: {msgid!r}")
    for po_path in catalogs(PACKAGE):
        po = polib.pofile(str(po_path))
        found += problems(po_path, po)
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            found.append(f"{po_path.relative_to(ROOT)}: not compiled")
            continue
        mo = {(e.msgctxt, e.msgid): _translation(e) for e in polib.mofile(str(mo_path)) if e.msgid}
        po_map = {
            (e.msgctxt, e.msgid): _translation(e)
            for e in po
            if (e.msgstr or any(e.msgstr_plural.values()))
            and not e.obsolete
            and "fuzzy" not in e.flags
        }
        if mo != po_map:
            found.append(f"{po_path.relative_to(ROOT)}: compiled catalog is out of date")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.check:
        issues = check()
    else:
        extract(PACKAGE)
        issues = fill_and_compile(PACKAGE)
    for line in issues:
        print(line)
    print(f"{len(issues)} problem(s)")
    return 1 if issues else 0


if __name__ == "__main__":
    raise SystemExit(main())
