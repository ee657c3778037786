"""``python -m reader`` runs the same command line as the ``reader`` script: :func:`run`."""

import gc
import sys

from reader.cli import main


def run() -> None:
    """Run the command line, then exit with its code. What is left is freed with the
    process: frozen, it is not walked again by the interpreter's last collections at
    exit, which took 25-50 ms of every command once a refresh's modules were loaded
    (6-20 ms frozen)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
