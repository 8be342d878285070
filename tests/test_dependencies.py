"""Every dependency in pyproject.toml is used: imported, or named (an installed app, a
middleware, a backend, a program the CLI runs) somewhere in the code, the tests, the scripts
or the benchmarks; the few used another way say how here."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("src", "tests", "scripts", "bench")

# Used without an import or a name in the code, each with how.
USED_OTHERWISE = {
    "defusedxml": "openpyxl parses workbooks with it when it is installed (roster import)",
    "pytest-django": "a pytest plugin (DJANGO_SETTINGS_MODULE in pyproject.toml)",
    "pytest-xdist": "a pytest plugin: ./tc test runs the suite with -n",
    "ruff": "the linter ./tc lint runs",
    "hypothesis": "the property-based tests of list paging",
}


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + [
        r for extra in project["optional-dependencies"].values() for r in extra
    ]
    return [re.match(r"[A-Za-z0-9_.-]+", r).group(0) for r in listed]


def import_names() -> dict[str, set[str]]:
    """distribution (lower case) -> the top-level names it installs."""
    names: dict[str, set[str]] = {}
    for top, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            names.setdefault(dist.lower().replace("_", "-"), set()).add(top)
    return names


def names_in_use() -> set[str]:
    """The top-level module names imported, and the first segment of every dotted string
    literal (``"csp.middleware.CSPMiddleware"``, ``"django_tasks_db"``, ``"gunicorn"``)."""
    used: set[str] = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    used |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    used.add(node.module.split(".")[0])
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z0-9_.]+)?", node.value)
                    if match:
                        used.add(match.group(1))
    return used


def test_every_dependency_is_used():
    installed, used = import_names(), names_in_use()
    unused = [
        name
        for name in requirements()
        if name.lower() not in USED_OTHERWISE
        and not installed.get(name.lower().replace("_", "-"), set()) & used
    ]
    assert not unused, f"listed in pyproject.toml but never used: {unused}"


def test_the_exceptions_are_still_listed_and_defusedxml_is_in_force():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl found defusedxml and parses through it
    listed = {name.lower() for name in requirements()}
    assert set(USED_OTHERWISE) <= listed
