"""The import structure, read from the source with ``ast`` (nothing is imported):

- core depends on no other part of the project (no app, not the project's API or URL modules);
- the kernels depend on no center app;
- no two top-level parts of the project import each other, directly or round a longer cycle.

Every import counts: at module level, inside functions, under ``TYPE_CHECKING``, relative or
absolute, and ``import_module("threecenters.…")`` with a literal name."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import threecenters

PACKAGE = Path(threecenters.__file__).parent

CORE = "core"
KERNELS = tuple(
    name
    for name in (
        "core",
        "people",
        "events",
        "reviews",
        "search",
        "notify",
        "certificates",
        "projects",
    )
    # projects joins the kernels once its package exists
    if (PACKAGE / name / "__init__.py").exists()
)
CENTER_APPS = ("proposals", "governance", "incubator", "civility", "places", "funds", "dashboard")

# Cycles that are deliberate (a late call into an extension point), each with its reason.
# Empty today: every part of the project can be ordered so that it imports only earlier ones.
ALLOWED_CYCLES: dict[tuple[str, ...], str] = {}


def imported_names(source: str, module: str, *, is_package: bool = False) -> list[tuple[str, int]]:
    """The dotted names ``module``'s source imports, each with its line."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.append((prefix, node.lineno))
            # ``from threecenters import proposals`` names the app in the alias
            found += [(f"{prefix}.{alias.name}", node.lineno) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.lineno))
    return found


def part_of(dotted: str) -> str | None:
    """The top-level part of the project (``threecenters.<part>``) a dotted name lies in."""
    parts = dotted.split(".")
    if parts[0] != "threecenters" or len(parts) < 2:
        return None
    name = parts[1]
    if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").exists():
        return name
    return None  # an attribute of the package itself, not a part


def modules():
    """(part, dotted module name, path, is a package) for every module of the project, without
    migrations (they import Django only and name other apps by string, as Django wants)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "migrations" in relative.parts:
            continue
        is_package = path.name == "__init__.py"
        parts = relative.with_suffix("").parts
        if is_package:
            parts = parts[:-1]
        if not parts:
            continue  # threecenters/__init__.py
        yield parts[0], ".".join(("threecenters", *parts)), path, is_package


def dependency_graph() -> dict[str, dict[str, list[str]]]:
    """part -> {imported part: ["path:line", …]}."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for part, module, path, is_package in modules():
        graph[part]  # every part is a node, importing or not
        for name, line in imported_names(path.read_text(), module, is_package=is_package):
            target = part_of(name)
            if target and target != part:
                where = f"{path.relative_to(PACKAGE)}:{line}"
                if where not in graph[part][target]:
                    graph[part][target].append(where)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[tuple[str, ...]]:
    """The strongly connected groups of two or more parts (Tarjan), each as one cycle through
    them, starting at its smallest name."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_through(graph, sorted(group)) for group in groups]


def _cycle_through(graph, group: list[str]) -> tuple[str, ...]:
    """A shortest path from the group's first member back to itself, inside the group."""
    start = group[0]
    paths = {start: (start,)}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph.get(node, {})):
                if target == start:
                    return paths[node]
                if target in group and target not in paths:
                    paths[target] = (*paths[node], target)
                    following.append(target)
        frontier = following
    raise AssertionError(group)


def describe(graph, cycle: tuple[str, ...]) -> str:
    hops = zip(cycle, (*cycle[1:], cycle[0]), strict=True)
    return " -> ".join(cycle + (cycle[0],)) + "".join(
        f"\n    {a} -> {b}: {', '.join(graph[a][b][:3])}" for a, b in hops
    )


# ---------------------------------------------------------------- the rules
def test_core_imports_no_other_part_of_the_project():
    graph = dependency_graph()
    assert not graph[CORE], "core imports " + "; ".join(
        f"{target} ({', '.join(where)})" for target, where in sorted(graph[CORE].items())
    )


def test_core_names_no_app_in_strings_or_templates():
    """Beyond imports: no URL name, template, model label or module path of another app."""
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")} - {CORE}
    names = "|".join(sorted(apps))
    pattern = re.compile(
        # "people:signin", "people/page.html", "people.Profile", "threecenters.people…",
        # get_model("people", …); a bare "governance" is a value (a center's kind), not the app
        rf"""["'](?:(?:{names})(?::|/|\.[A-Za-z])|threecenters\.(?:{names})\b)"""
        rf"""|get_model\(\s*["'](?:{names})["']"""
    )
    found = []
    for path in sorted((PACKAGE / CORE).rglob("*")):
        if "migrations" in path.parts or path.suffix not in {".py", ".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in pattern.finditer(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {match.group(0)}")
    assert not found, "\n".join(found)


def test_kernels_import_no_center_app():
    graph = dependency_graph()
    found = [
        f"{kernel} -> {target}: {', '.join(where)}"
        for kernel in KERNELS
        for target, where in sorted(graph[kernel].items())
        if target in CENTER_APPS
    ]
    assert not found, "\n".join(found)


def test_no_import_cycle_between_parts_of_the_project():
    graph = dependency_graph()
    found = [cycle for cycle in cycles(graph) if cycle not in ALLOWED_CYCLES]
    assert not found, "\n".join(describe(graph, cycle) for cycle in found)


def test_the_kernel_list_follows_the_packages():
    assert set(KERNELS) >= {"core", "people", "events", "reviews", "search", "notify"}
    assert ("projects" in KERNELS) == (PACKAGE / "projects" / "__init__.py").exists()
    assert not set(KERNELS) & set(CENTER_APPS)


# ---------------------------------------------------------------- the reader itself
def test_every_kind_of_import_is_seen():
    source = (
        "import threecenters.people.models\n"
        "from threecenters.proposals import services\n"
        "from threecenters import governance\n"
        "from ..events.models import Event\n"
        "from . import views\n"
        "def late():\n"
        "    from threecenters.reviews.registry import kinds\n"
        "    return import_module('threecenters.search.registry')\n"
    )
    names = {name for name, _ in imported_names(source, "threecenters.core.example")}
    parts = {part_of(name) for name in names} - {None}
    assert parts == {"people", "proposals", "governance", "events", "core", "reviews", "search"}


def test_a_cycle_is_found_and_described():
    graph = {
        "core": {},
        "people": {"notify": ["people/services.py:1"]},
        "notify": {"events": ["notify/x.py:2"]},
        "events": {"people": ["events/y.py:3"], "core": ["events/z.py:4"]},
    }
    assert cycles(graph) == [("events", "people", "notify")]
    assert "events -> people -> notify -> events" in describe(graph, ("events", "people", "notify"))
