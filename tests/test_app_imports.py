"""The app's modules import one way: screens, widgets and the palette never import the
app (not even for types); only ``reader/app/__init__.py`` does, to build it."""

from __future__ import annotations

import ast
from pathlib import Path

import reader

PACKAGE = Path(reader.__file__).parent


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (under TYPE_CHECKING, in functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_only_the_package_imports_the_app() -> None:
    importers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if imports_of(path) & {"reader.app.app", "reader.app.app.ReaderApp", "reader.app.ReaderApp"}
    }
    assert importers == {"app/__init__.py"}
