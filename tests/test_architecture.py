"""Structure the project promises: the data side never loads the UI."""

from __future__ import annotations

import subprocess
import sys

DATA_MODULES = [
    "reader.clean",
    "reader.parse",
    "reader.ingest",
    "reader.core",
    "reader.storage.schema",
    "reader.types",
    "reader.paths",
    "reader.errors",
    "reader.search",
]


def test_data_modules_import_neither_textual_nor_rich() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {DATA_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cli_module_loads_no_ui_until_the_app_is_asked_for() -> None:
    code = (
        "import sys, reader.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sqlite_utils'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
