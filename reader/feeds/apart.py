"""A refresh in a process of its own: what the app runs when ``R`` is pressed.

A refresh in a thread of the app's process shares the interpreter lock with the app: its
event loop (500 answers to read) and its writer (the rows, the people) held the keys back
(``bench/refresh_keys.py`` at 160x48: key to screen p95 62-73 ms; in a process of its own,
40-52 ms). So :func:`refresh_apart` starts ``python -m reader.core.refresh_child DB due|ID...``,
in a session of its own (a Ctrl+C meant for the terminal is not its), and reads its
standard output: one JSON line for each step of its progress (at most every
:data:`PROGRESS_EVERY` seconds, and the last), then one with its report.

It stops, keeping what it fetched, when its standard input ends: the parent closes it to
stop it, and a parent that dies closes it too, so a refresh never outlives its app for
more than the few seconds its last writes take. Its errors go to a file, never to a pipe
nobody reads.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from reader.types import FeedIssue, RefreshReport

if TYPE_CHECKING:
    from reader.feeds.refresh import Progress

__all__ = [
    "CHILD",
    "CHILD_NICENESS",
    "PROGRESS_EVERY",
    "progress_line",
    "refresh_apart",
    "report_line",
]

#: The child's module: above the facade, which it opens the database with (this module
#: is below it, and never imports it).
CHILD = "reader.core.refresh_child"
#: Seconds between two progress lines of the child (the last one is always written).
PROGRESS_EVERY = 0.1
#: How much lower the refresh's CPU priority is than the app's (its parse processes are
#: lower still): the cores are the refresh's whenever a key does not need one.
CHILD_NICENESS = 10
#: Seconds between two looks at ``stop`` while the child says nothing.
STOP_POLL = 0.1


def refresh_apart(
    path: str,
    feed_ids: Sequence[int] | None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> RefreshReport:
    """Refresh the feeds of ``feed_ids`` (None: the due ones) of the database at ``path``
    in a child process, as :meth:`reader.core.Store.refresh_feeds` would in this one.
    Once ``stop`` is set, the child is told to stop and this returns at once (the child
    writes what it fetched, then ends). A child that ends without a report (killed, or a
    bug) gives a report with one failed line saying so."""
    targets = ["due"] if feed_ids is None else [str(i) for i in feed_ids]
    command = [sys.executable, "-m", CHILD, path, *targets]
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            start_new_session=True,
        )
        assert child.stdin is not None and child.stdout is not None
        report = _read(child.stdout, progress, stop)
        if report is None and stop is not None and stop.is_set():
            child.stdin.close()  # stop: the child writes what it has and ends by itself
            child.stdout.close()
            return RefreshReport()
        child.stdin.close()
        child.stdout.close()
        status = child.wait()
        if report is not None:
            return report
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip().splitlines()
        why = said[-1] if said else f"exit status {status}"
        issue = FeedIssue("the refresh", f"it ended before its report ({why})")
        return RefreshReport(issues=[issue])


def _read(
    stdout: IO[bytes], progress: Progress | None, stop: threading.Event | None
) -> RefreshReport | None:
    """The child's lines until its report (None: it ended without one, or ``stop`` was
    set), each progress line passed to ``progress``."""
    fd = stdout.fileno()
    pending = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            if stop is not None and stop.is_set():
                return None
            if not selector.select(timeout=STOP_POLL):
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                try:
                    said = json.loads(line)
                except ValueError:  # not ours: a library's print
                    continue
                if not isinstance(said, dict):
                    continue
                if "report" in said:
                    return _report(said["report"])
                if progress is not None and "progress" in said:
                    done, total, name = said["progress"]
                    progress(done, total, name)


def progress_line(done: int, total: int, name: str) -> str:
    """(In the child.) One step of its progress, as the parent reads it."""
    return json.dumps({"progress": [done, total, name]})


def report_line(report: RefreshReport) -> str:
    """(In the child.) Its report, as the parent reads it (:func:`_report`): its fields
    by name, each issue as its fields in order."""
    fields = {name: getattr(report, name) for name in RefreshReport._fields}
    fields["issues"] = [issue._values() for issue in report.issues]
    return json.dumps({"report": fields})


def _report(said: dict[str, Any]) -> RefreshReport:
    """The report the child wrote (:func:`report_line`, in :mod:`reader.core.refresh_child`)."""
    issues = [FeedIssue(*issue) for issue in said.pop("issues")]
    return RefreshReport(**said, issues=issues)
