"""The layers the code promises, checked on the code itself.

Every ``import`` in ``reader/`` counts: at the top of a module, inside a function (the
lazy imports that keep start-up fast) and under ``TYPE_CHECKING``. Data flows one way,
sources -> ingest -> storage -> search -> the facade -> the app and the CLI, so:

* no module imports, directly or through others, a module that imports it back;
* the app and the CLI reach the data only through the facade (``reader.core``) and its
  types: never storage, search, ingest, parse or the people finder;
* storage imports nothing from search, ingest, the facade (and its import session),
  the app or the CLI;
* no data module loads Textual or Rich, each imported alone in a fresh interpreter (so
  a module the others load lazily is checked too).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reader"

#: What the app and the CLI may import from the data side, each with its modules (the types
#: of ``reader.types`` are in one module a domain); the rest of ``reader`` they may not
#: (besides their own modules and these shared leaves).
UI_MAY_IMPORT = (
    "reader.core",
    "reader.types",
    "reader.errors",
    "reader.clean",
    "reader.dates",
    "reader.records",
    "reader.paths",
    "reader.config",
    "reader.links",
    "reader.progress",
    "reader.app",
    "reader.cli",
    "reader",
)
UI = ("reader.app", "reader.cli")
STORAGE = "reader.storage"
STORAGE_MAY_NOT = (
    "reader.search",
    "reader.ingest",
    "reader.core",
    "reader.session",
    "reader.app",
    "reader.cli",
)
#: Modules that are not data: the UI, and tools run by hand.
NOT_DATA = (
    "reader.app",
    "reader.cli",
    "reader.progress",
    "reader.__main__",
    "reader.people.make_names",
)


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _within(name: str, prefixes: tuple[str, ...] | str) -> bool:
    prefixes = (prefixes,) if isinstance(prefixes, str) else prefixes
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _resolve(module: str, target: str) -> str | None:
    """The ``reader`` module ``target`` names (a module, or its package for a name)."""
    known = modules()
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


@cache
def imports() -> dict[str, frozenset[str]]:
    """Every module's ``reader`` imports, of every kind."""
    known = modules()
    graph: dict[str, frozenset[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                continue
            for target in targets:
                if target == "reader" or target.startswith("reader."):
                    resolved = _resolve(name, target)
                    if resolved and resolved != name:
                        found.add(resolved)
        graph[name] = frozenset(found)
    return graph


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = imports()
    cycles = []
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            here = todo.pop()
            if here == start:
                cycles.append(start)
                break
            if here not in seen:
                seen.add(here)
                todo.extend(graph.get(here, ()))
    assert cycles == []


def test_the_app_and_the_cli_reach_the_data_only_through_the_facade() -> None:
    wrong = {
        f"{name} -> {target}"
        for name, targets in imports().items()
        if _within(name, UI)
        for target in targets
        if not _within(target, UI_MAY_IMPORT[:-1]) and target != "reader"
    }
    assert sorted(wrong) == []


def test_storage_imports_nothing_above_it() -> None:
    wrong = {
        f"{name} -> {target}"
        for name, targets in imports().items()
        if _within(name, STORAGE)
        for target in targets
        if _within(target, STORAGE_MAY_NOT)
    }
    assert sorted(wrong) == []


DATA = [name for name in modules() if not _within(name, NOT_DATA)]


@pytest.mark.parametrize("name", DATA)
def test_a_data_module_loads_neither_textual_nor_rich(name: str) -> None:
    code = (
        f"import importlib, sys; importlib.import_module({name!r}); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_user_given_path_is_expanded_in_one_place() -> None:
    """``Path.expanduser`` raises on a ``~user`` of no such user (Python 3.11): a path a
    user gives is expanded by ``reader.paths.expand_user`` alone."""
    calls = [
        f"{name}:{node.lineno}"
        for name, path in modules().items()
        if name != "reader.paths"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "expanduser"
    ]
    assert calls == []
