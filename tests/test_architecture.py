"""Structure the project promises: the CLI loads no UI until it is asked for one (the
layers and the data side's freedom from Textual and Rich are in ``test_layers.py``)."""

from __future__ import annotations

import subprocess
import sys


def test_the_cli_module_loads_no_ui_until_the_app_is_asked_for() -> None:
    code = (
        "import sys, reader.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sqlite_utils'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
