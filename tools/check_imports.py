#!/usr/bin/env python3
"""Check the import graph between the portal's apps: no cycles, no app importing another's views.

Run by ``make lint``. Every import counts, at module level or inside a function: an import
deferred to dodge a cycle is still a cycle in the design. ``tests``, ``bench`` and
``tools`` may import anything; the project package (``portal``: settings, URLs, API
assembly) may import every app, and no app may import it: what apps share lives in
``core``.

    .venv/bin/python tools/check_imports.py          # check
    .venv/bin/python tools/check_imports.py --graph  # print the app graph
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "home", "honors", "honors.memorial", "volunteers", "education", "search"]
PROJECT = "portal"
IGNORED_DIRS = {"migrations", "tests", "bench", "tools", ".venv", "var", "__pycache__"}


def owner(module):
    """The app (or project package) a dotted module name belongs to, or None."""
    for app in sorted(APPS + [PROJECT], key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path):
    """Absolute names of the modules ``path`` imports, with the line of each."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, node.lineno
            for alias in node.names:  # ``from pkg import module``
                yield f"{target}.{alias.name}", node.lineno


def edges():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if set(rel.parts) & IGNORED_DIRS:
            continue
        source = owner(module_name(path))
        if source is None:
            continue
        for target_module, line in imports_of(path):
            target = owner(target_module)
            if target is None or target == source:
                continue
            # ``honors`` importing ``honors.memorial`` (or back) is between two apps.
            found.setdefault((source, target), []).append((f"{rel}:{line}", target_module))
    return found


def cycles(graph):
    """Every elementary cycle's apps, found by depth-first search (the graph is small)."""
    nodes = sorted({a for a, _ in graph} | {b for _, b in graph})
    adjacency = {n: sorted(b for a, b in graph if a == n) for n in nodes}
    seen = set()
    result = []

    def visit(start, node, path):
        for following in adjacency[node]:
            if following == start:
                cycle = tuple(path)
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    result.append(cycle)
            elif following not in path and following > start:
                visit(start, following, path + [following])

    for start in nodes:
        visit(start, start, [start])
    return result


def boundary_problems(graph):
    """Apps importing the project package or another app's views."""
    problems = []
    for (source, target), places in sorted(graph.items()):
        for place, module in places:
            if target == PROJECT and source != PROJECT:
                problems.append(f"{place}：应用 {source} 导入了项目包的 {module}")
            if module.endswith(".views") and source != PROJECT:
                problems.append(f"{place}：{source} 导入了 {target} 的视图 {module}")
    return problems


def cycle_problems(graph):
    problems = []
    for cycle in cycles({edge for edge in graph if PROJECT not in edge}):
        steps = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        detail = "；".join(f"{a}→{b}：{graph[(a, b)][0][0]}" for a, b in steps)
        chain = " → ".join([*cycle, cycle[0]])
        problems.append(f"应用之间的导入成环：{chain}（{detail}）")
    return problems


def main():
    graph = edges()
    if "--graph" in sys.argv:
        for (source, target), places in sorted(graph.items()):
            print(f"{source} → {target}  ({len(places)} 处，如 {places[0][0]})")
    problems = boundary_problems(graph) + cycle_problems(graph)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"导入检查通过：{len(graph)} 条应用间依赖，没有环。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
