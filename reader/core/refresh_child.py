"""The refresh process that :func:`reader.feeds.apart.refresh_apart` starts for the app:
``python -m reader.core.refresh_child DB due|ID...``.

It refreshes through the facade, as ``reader refresh`` does, writes its progress and its
report on standard output as :mod:`reader.feeds.apart` reads them, and stops (keeping what
it fetched) once its standard input ends or says anything. Nothing imports this module.
"""

from __future__ import annotations

import os
import select
import sys
import threading
import time
from collections.abc import Sequence

from reader.core import Store
from reader.errors import ReaderError
from reader.feeds.apart import CHILD_NICENESS, PROGRESS_EVERY, progress_line, report_line
from reader.types import FeedIssue, RefreshReport


class UntilInputEnds(threading.Event):
    """Set once standard input ends or says anything. Looked at, never waited on: the
    process has no thread of its own, so its parse processes can be forked
    (:func:`reader.processes.process_context`)."""

    def is_set(self) -> bool:
        if not super().is_set() and select.select([sys.stdin], [], [], 0)[0]:
            self.set()
        return super().is_set()


def main(argv: Sequence[str]) -> int:
    os.nice(CHILD_NICENESS)
    path, *targets = argv
    feed_ids = None if list(targets) == ["due"] else [int(t) for t in targets]
    out = sys.stdout
    last = 0.0

    def progress(done: int, total: int, name: str) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done == total:
            last = now
            out.write(progress_line(done, total, name) + "\n")
            out.flush()

    try:
        with Store.open(path) as store:
            report = store.refresh_feeds(feed_ids, progress=progress, stop=UntilInputEnds())
    except ReaderError as exc:  # the database (read-only, damaged, not one): one line
        report = RefreshReport(issues=[FeedIssue("the refresh", str(exc))])
    out.write(report_line(report) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
