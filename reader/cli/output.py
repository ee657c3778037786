"""What the ``reader`` command writes: JSON for scripts, lines for people, one-line
errors on stderr, exit codes, and files written whole.

Every byte written comes from the user's data cleaned (:mod:`reader.clean`) or
escaped: plain text is cleaned, error lines escape what they name, and JSON
writes each control character (C0, DEL, C1, the bidi controls and marks) as a
``\\uXXXX`` escape, so the data reads back exactly and no control reaches a terminal.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from reader.clean import clean_path, escape_json_controls

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

T = TypeVar("T")


def json_text(data: object) -> str:
    """``data`` as JSON, every control character escaped (see the module doc)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Outside strings JSON holds no such character, so escaping them all is safe.
    return escape_json_controls(text) + "\n"


def print_json(data: object) -> None:
    sys.stdout.write(json_text(data))


def fail(message: str, code: int) -> int:
    say(f"error: {message}")
    return code


def say(message: str) -> None:
    """One line on stderr, for a person: not part of the output a script reads."""
    # Messages name files, ids, names and queries as given: escaped here, whatever they hold.
    print(f"reader: {clean_path(message)}", file=sys.stderr)


def print_rows(
    rows: Sequence[T], as_json: bool, to_json: Callable[[T], object], text: Callable[[T], str]
) -> None:
    """Print ``rows``: with ``--json`` one JSON array of ``to_json`` of each, for scripts;
    else ``text`` of each (its lines, cleaned), for a person."""
    if as_json:
        print_json([to_json(row) for row in rows])
        return
    for row in rows:
        print(text(row))


def write_whole(target: Path, text: str) -> int:
    """Write ``text`` to ``target`` whole or not at all: into a new file of its own beside
    it (never one already there), then renamed over it; on failure, one line and nothing left."""
    shown = clean_path(target)
    if target.is_dir():
        return fail(f"{shown}: cannot write the export (it is a folder)", EXIT_USAGE)
    mask = os.umask(0)
    os.umask(mask)
    mode = target.stat().st_mode & 0o777 if target.is_file() else 0o666 & ~mask
    temp = None
    import tempfile  # not at import: with shutil, bz2 and lzma, 5 ms of every command's start

    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        why = _write_failed(exc, target.parent)
        return fail(f"{shown}: cannot write the export ({why}); nothing was written", EXIT_USAGE)
    return EXIT_OK


def _write_failed(exc: OSError, folder: Path) -> str:
    """Why a file could not be written in ``folder``, in words."""
    if exc.errno == errno.ENOENT:
        return f"the folder {clean_path(folder)} does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"you may not write to the folder {clean_path(folder)}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.ENOTDIR:
        return f"{clean_path(folder)} is not a folder"
    return exc.strerror or str(exc)
