"""Starting worker processes, for the import and for a refresh alike.

Forked from this process when it runs no other thread (quick, nothing to import again);
from a clean server process when it does (the app imports and refreshes in threads, and
forking a threaded process can leave a lock held for ever); and with multiprocessing's
helper processes started so that they start under the app too, whose stderr has no file
number (:func:`_start_helpers`).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from multiprocessing.context import BaseContext
from typing import TextIO


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def process_context(preload: Sequence[str], ending: threading.Thread | None = None) -> BaseContext:
    """How to start worker processes now (see the module doc); a server process imports
    the modules of ``preload`` once, for every worker it makes. ``ending``: a thread the
    caller joins before it starts a process, which does not count. Raises ``OSError`` or
    ``ValueError`` when they cannot be started."""
    methods = multiprocessing.get_all_start_methods()
    others = threading.active_count() - 1 - (ending is not None and ending.is_alive())
    if "fork" in methods and others == 0:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context: BaseContext = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
    else:
        context = multiprocessing.get_context("spawn")
    _start_helpers(context.get_start_method())
    return context


class _NoFileno(io.TextIOBase):
    """A stand-in for ``sys.stderr`` that writes where it does but has no file number."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file number")


def _start_helpers(method: str) -> None:
    """Start multiprocessing's resource tracker (and fork server) now, with no stderr.

    The tracker hands its child ``sys.stderr.fileno()`` unless that raises; in the app,
    Textual's capture of stderr answers -1, starting the tracker fails ("bad value(s) in
    fds_to_keep"), and the refresh parsed in threads instead, which held the interpreter
    the app's keys wait on. Once started, every later process is made without asking.
    """
    from multiprocessing import forkserver, resource_tracker

    stderr = sys.stderr
    sys.stderr = _NoFileno(stderr)
    try:
        resource_tracker.ensure_running()
        if method == "forkserver":
            forkserver.ensure_running()
    finally:
        sys.stderr = stderr
