"""The package's import graph has layers and no cycle (docs/design.md, "Layers").

Every import counts, wherever it is written: at the top of a module, inside a function (an
import moved into a function to dodge a cycle is still the cycle) or under TYPE_CHECKING.
A unit is a subpackage of plugins/backbone (stories/, drawing/...) or a module at its top
(project.py, memo.py...); an import may reach its own layer or a lower one, never a higher.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "backbone"

# Low to high. The base modules import nothing above them; `drawing` draws every card and
# picture; the data packages read and check one data file each; `project` holds them; the
# features make pages and outputs from the project; the build reads the whole project and
# hands it on; the tools change a site's files (`backbone upgrade`, `backbone new site`); the
# adapters are the only MkDocs side; the command line sits on top.
LAYERS = {
    "base": {
        "settings",
        "backbone",  # the package itself: __version__
        "background",
        "checks",
        "clock",
        "fences",
        "fields",
        "figures_api",
        "frontmatter",
        "images",
        "inputs",
        "kept",
        "located",
        "mdbounds",
        "memo",
        "page_meta",
        "problems",
        "publish",
        "references",
        "render",
        "renditions",
        "schema",
        "sources",
        "svgsafe",
        "terminal",
        "textfit",
        "spool",
        "heap",
        "theme_copies",
        "theme_icons",
        "themefolder",
        "trust",
        "written",
        "yamlbounds",
        "yamlerrors",
    },
    "drawing": {"drawing"},
    "data": {"identity", "translations", "partners", "governance"},
    "project": {"project"},
    "features": {"metrics", "about", "previews", "stories", "learning", "feeds", "report", "cms"},
    "build": {"loaders", "context", "sitemodel"},
    "tools": {"upgrade", "newsite", "installed"},
    "adapters": {"adapters"},
    "commands": {"cli"},
}
RANK = {unit: rank for rank, units in enumerate(LAYERS.values()) for unit in units}


class Import:
    def __init__(self, source: str, target: str, file: str, line: int):
        self.source, self.target, self.file, self.line = source, target, file, line

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.target}"


def module_name(path: Path, package: Path) -> list[str]:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def unit_of(dotted: list[str], package: Path) -> str | None:
    """The unit a module of the package belongs to; None outside the package."""
    if not dotted or dotted[0] != package.name:
        return None
    return dotted[1] if len(dotted) > 1 else package.name


def imports(package: Path) -> list[Import]:
    """Every import between two units of ``package``, with its file and line."""
    found = []
    for path in sorted(package.rglob("*.py")):
        here = module_name(path, package)
        source = unit_of(here, package)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [name.name.split(".") for name in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here if path.name == "__init__.py" else here[:-1]
                    base = base[: len(base) - (node.level - 1)]
                else:
                    base = []
                module = base + (node.module.split(".") if node.module else [])
                # `from . import stories` names a module; `from .stories import x` a name in one
                targets = [_module_or_name(module, name.name, package) for name in node.names]
            else:
                continue
            for target in targets:
                unit = unit_of(target, package)
                if unit is not None and unit != source:
                    found.append(Import(source, unit, path.relative_to(package.parent).as_posix(), node.lineno))
    return found


def _module_or_name(module: list[str], name: str, package: Path) -> list[str]:
    folder = package.parent.joinpath(*module, name)
    return module + [name] if folder.is_dir() or folder.with_suffix(".py").is_file() else module


def cycles(edges: list[Import]) -> list[list[Import]]:
    """One cycle through each strongly connected group of units, as the imports that make it."""
    graph: dict[str, dict[str, Import]] = defaultdict(dict)
    for edge in edges:
        graph[edge.source].setdefault(edge.target, edge)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(unit: str) -> None:  # Tarjan's algorithm; the graph has a few dozen units
        index[unit] = low[unit] = len(index)
        stack.append(unit)
        for target in sorted(graph[unit]):
            if target not in index:
                visit(target)
                low[unit] = min(low[unit], low[target])
            elif target in stack:
                low[unit] = min(low[unit], index[target])
        if low[unit] == index[unit]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == unit:
                    break
            if len(group) > 1:
                groups.append(group)

    for unit in sorted(list(graph)):
        if unit not in index:
            visit(unit)
    return [_loop(graph, group) for group in groups]


def _loop(graph: dict[str, dict[str, Import]], group: set[str]) -> list[Import]:
    """The shortest way from the group's first unit back to itself, inside the group."""
    start = min(group)
    paths = {start: []}
    frontier = [start]
    while frontier:
        following = []
        for unit in frontier:
            for target, edge in sorted(graph[unit].items()):
                if target == start:
                    return paths[unit] + [edge]
                if target in group and target not in paths:
                    paths[target] = paths[unit] + [edge]
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group always has one


def described(loop: list[Import]) -> str:
    units = " → ".join([loop[0].source] + [edge.target for edge in loop])
    return units + "\n" + "\n".join(f"    {edge}" for edge in loop)


def groups_of(edges: list[Import]) -> list[str]:
    """Each cycle, with every unit caught in it (a group can hold more than one loop)."""
    found = []
    for loop in cycles(edges):
        members = _members(edges, loop[0].source)
        found.append(f"{described(loop)}\n  (the units caught together: {', '.join(sorted(members))})")
    return found


def _members(edges: list[Import], start: str) -> set[str]:
    """The units reachable from ``start`` that reach it back."""
    forward, backward = defaultdict(set), defaultdict(set)
    for edge in edges:
        forward[edge.source].add(edge.target)
        backward[edge.target].add(edge.source)

    def reach(graph, unit):
        seen, todo = {unit}, [unit]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    return reach(forward, start) & reach(backward, start)


def test_no_import_cycle_between_the_package_units():
    found = groups_of(imports(PACKAGE))
    assert not found, "import cycles (move the shared code down a layer):\n" + "\n".join(found)


def test_every_import_goes_to_its_own_layer_or_a_lower_one():
    edges = imports(PACKAGE)
    units = {edge.source for edge in edges} | {edge.target for edge in edges}
    unplaced = sorted(units - set(RANK))
    assert not unplaced, f"units in no layer of LAYERS (tests/test_layers.py) and docs/design.md: {unplaced}"
    upward = [edge for edge in edges if RANK[edge.target] > RANK[edge.source]]
    assert not upward, "imports of a higher layer:\n" + "\n".join(
        f"  {edge} ({_layer(edge.source)} → {_layer(edge.target)})" for edge in upward
    )


def _layer(unit: str) -> str:
    return next(name for name, units in LAYERS.items() if unit in units)


def test_a_cycle_is_found_and_named_wherever_its_import_hides(tmp_path):
    """The checks above can fail: a cycle of three units through a lazy import and a
    TYPE_CHECKING one is named with the file and line of each import."""
    package = tmp_path / "pkg"
    for folder in ("a", "b"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a" / "one.py").write_text("from ..b.two import x\n")
    (package / "b" / "two.py").write_text("def f():\n    from ..c import y\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import one\n")
    (package / "d.py").write_text("from . import c\n")  # into the cycle, not part of it
    [loop] = cycles(imports(package))
    assert described(loop) == (
        "a → b → c → a\n    pkg/a/one.py:1 imports b\n    pkg/b/two.py:2 imports c\n    pkg/c.py:3 imports a"
    )
