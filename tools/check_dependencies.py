#!/usr/bin/env python3
"""Check that pyproject.toml declares what the code imports, and nothing it doesn't.

Run by ``make lint``. A package counts as used when a module of it is imported, or named
in a dotted string (settings name apps, backends and middleware that way). The portal's
code may use only ``[project].dependencies``; tests, benchmarks and tools may also use
the ``test`` extra. Packages used only as commands or loaded by another package are
listed in ``NOT_IMPORTED`` with the reason.
"""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "var", "node_modules", ".git", "__pycache__"}
TEST_ONLY_DIRS = {"tests", "bench", "tools"}
NOT_IMPORTED = {
    "gunicorn": "the application server, started as a command (README, deploy/)",
    "psycopg": "the PostgreSQL driver, loaded by Django's backend from DATABASE_URL",
    "pytest-django": "a pytest plugin, loaded by pytest from pyproject's settings",
    "ruff": "the linter, run as a command by make lint",
    "mypy": "the type checker, run as a command by make lint",
}
DOTTED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement):
    return normalise(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])


def declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {requirement_name(r) for r in project["dependencies"]}
    extras = project.get("optional-dependencies", {})
    test = {requirement_name(r) for r in extras.get("test", [])}
    return runtime, test


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP_DIRS:
            yield path


def local_modules():
    """Top-level names that are the project's own (apps, and scripts beside each other)."""
    names = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    for folder in TEST_ONLY_DIRS:
        names |= {p.stem for p in (ROOT / folder).glob("*.py")}
    return names


def used_modules(path):
    """Top-level module names ``path`` imports or names in a dotted string.

    Settings name apps by one word (``"axes"``); elsewhere a one-word string is just a
    word, so only strings with a dot count there.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    settings = path.parent.name == "settings"
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            dotted = "." in node.value or settings
            if dotted and DOTTED.match(node.value) and len(node.value) < 120:
                names.add(node.value.split(".")[0])
    return names


def main():
    runtime, test = declared()
    distributions = importlib.metadata.packages_distributions()
    stdlib = set(sys.stdlib_module_names)
    local = local_modules()
    used = {"runtime": set(), "test": set()}
    where = {}
    for path in python_files():
        room = "test" if path.relative_to(ROOT).parts[0] in TEST_ONLY_DIRS else "runtime"
        for module in used_modules(path) - stdlib - local:
            for dist in distributions.get(module, []):
                used[room].add(normalise(dist))
                where.setdefault(normalise(dist), str(path.relative_to(ROOT)))
    problems = []
    for dist in sorted(used["runtime"] - runtime):
        problems.append(
            f"未声明的依赖：{dist}（{where[dist]} 使用），请加入 [project].dependencies"
        )
    for dist in sorted(used["test"] - runtime - test):
        problems.append(f"未声明的测试依赖：{dist}（{where[dist]} 使用），请加入 test 附加依赖")
    unused = (runtime | test) - used["runtime"] - used["test"] - set(NOT_IMPORTED)
    for dist in sorted(unused):
        problems.append(f"声明了但没有使用的依赖：{dist}，请从 pyproject.toml 删除")
    test_in_runtime = (runtime & used["test"]) - used["runtime"] - set(NOT_IMPORTED)
    for dist in sorted(test_in_runtime):
        problems.append(f"只有测试、基准或工具使用的依赖：{dist}，请移到 test 附加依赖")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"依赖检查通过：运行依赖 {len(runtime)} 个，测试依赖 {len(test)} 个。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
