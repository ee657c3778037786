"""The worker processes a refresh parses in: made once per refresh of many feeds, from a
fork when the process runs no other thread, else from a clean server process, and
started so that they work under the app too (whose stderr has no file number)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TextIO

#: From this many feeds to fetch on, documents are parsed in worker processes.
PARALLEL_FEEDS = 8


@contextlib.contextmanager
def parsers(feeds: int) -> Iterator[Executor | None]:
    """Worker processes to parse in, for a refresh of many feeds (None: the loop's
    default thread pool). Forked when this process runs no other thread; else from a
    clean server process (forking a threaded process can leave a lock held for ever)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if feeds < PARALLEL_FEEDS or (cores or 1) < 2:
        yield None
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context: multiprocessing.context.BaseContext
    if "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reader.feeds.refresh", "reader.feeds.parse"])
    else:
        context = multiprocessing.get_context("spawn")
    try:
        if context.get_start_method() != "fork":
            _start_helpers(context.get_start_method())
        pool = ProcessPoolExecutor(
            max_workers=min(cores or 1, 4), mp_context=context, initializer=_yield_to_others
        )
    except (OSError, ValueError, NotImplementedError):
        yield None
        return
    try:
        yield pool
    finally:
        # A worker still busy is stuck on a document (past PARSE_SECONDS): it ends here.
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=1.0)
            if process.is_alive():
                process.kill()


#: How much lower the parse processes' CPU priority is than the refresh's own process.
WORKER_NICENESS = 10


def _yield_to_others() -> None:
    """(In a parse process, as it starts.) Give way to the process that started it: in
    the app, that is the one that answers keys (and writes what is parsed); the cores
    are still the parsers' whenever it does not need them."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)


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
